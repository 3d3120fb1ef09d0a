package io.provisioner.steps.org.controltower;

import io.provisioner.steps.BasicDefinition;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.org.organization.OrganizationSpec;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.List;

/** Registers {@code org.controltower} (Control Tower controls on the OUs) under the profile section {@code controlTower}. */
public final class ControlTowerDefinition extends BasicDefinition<ControlTowerSpec> {

  public ControlTowerDefinition() {
    super(ControlTowerStep.ID, "controlTower", ControlTowerSpec.class, ControlTowerStep::new, null);
  }

  /** Controls are enabled on the organization's OUs. */
  @Override
  public List<Problem> check(ControlTowerSpec spec, ProfileView profile) {
    return profile.spec(OrganizationSpec.class).isPresent() ? List.of()
        : List.of(new Problem("controlTower", "needs the organization section"));
  }
}
