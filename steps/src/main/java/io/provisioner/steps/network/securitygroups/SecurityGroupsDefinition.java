package io.provisioner.steps.network.securitygroups;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;
import java.util.Optional;

/** Registers {@code network.security-groups} (ALB, ECS, RDS, Redis and endpoint groups) under the profile section {@code network.securityGroups}. */
public final class SecurityGroupsDefinition implements StepDefinition<SecurityGroupsSpec> {

  @Override
  public String id() {
    return SecurityGroupsStep.ID;
  }

  @Override
  public String section() {
    return "network.securityGroups";
  }

  @Override
  public Class<SecurityGroupsSpec> specType() {
    return SecurityGroupsSpec.class;
  }

  @Override
  public Optional<OutputRef<?>> outputs() {
    return Optional.of(SecurityGroupsStep.OUTPUTS);
  }

  @Override
  public Step step(SecurityGroupsSpec spec) {
    return new SecurityGroupsStep(spec);
  }
}
