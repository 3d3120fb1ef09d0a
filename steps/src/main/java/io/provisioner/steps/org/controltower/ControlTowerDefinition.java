package io.provisioner.steps.org.controltower;

import io.provisioner.steps.Step;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import io.provisioner.steps.org.organization.OrganizationSpec;
import java.util.List;
import io.provisioner.steps.StepDefinition;

/** Registers {@code org.controltower} (Control Tower controls on the OUs) under the profile section {@code controlTower}. */
public final class ControlTowerDefinition implements StepDefinition<ControlTowerSpec> {

  @Override
  public String id() {
    return ControlTowerStep.ID;
  }

  @Override
  public String section() {
    return "controlTower";
  }

  @Override
  public Class<ControlTowerSpec> specType() {
    return ControlTowerSpec.class;
  }

  @Override
  public Step step(ControlTowerSpec spec) {
    return new ControlTowerStep(spec);
  }

  /** Controls are enabled on the organization's OUs. */
  @Override
  public List<Problem> check(ControlTowerSpec spec, ProfileView profile) {
    return profile.spec(OrganizationSpec.class).isPresent() ? List.of()
        : List.of(new Problem("controlTower", "needs the organization section"));
  }
}
