package io.provisioner.steps.org.scp;

import io.provisioner.steps.BasicDefinition;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.org.organization.OrganizationSpec;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.ArrayList;
import java.util.List;

/** Registers {@code org.scp} (service control policies attached to the OUs) under the profile section {@code scp}. */
public final class ScpDefinition extends BasicDefinition<ScpSpec> {

  public ScpDefinition() {
    super(ScpStep.ID, "scp", ScpSpec.class, ScpStep::new, null);
  }

  /** SCPs need an organization, and must not deny the environment its own regions. */
  @Override
  public List<Problem> check(ScpSpec spec, ProfileView profile) {
    List<Problem> problems = new ArrayList<>();
    if (profile.spec(OrganizationSpec.class).isEmpty()) {
      problems.add(new Problem("scp", "needs the organization section"));
    }
    for (String region : List.of(profile.primaryRegion(), profile.drRegion())) {
      if (!spec.allowedRegions().contains(region)) {
        problems.add(new Problem("scp.allowedRegions", "must include " + region + " (regions.primary / regions.dr), "
            + "or the region-deny SCP locks the environment out of its own region"));
      }
    }
    return problems;
  }
}
