package io.provisioner.steps.network.securitygroups;

import io.provisioner.steps.BasicDefinition;

/** Registers {@code network.security-groups} (ALB, ECS, RDS, Redis and endpoint groups) under the profile section {@code network.securityGroups}. */
public final class SecurityGroupsDefinition extends BasicDefinition<SecurityGroupsSpec> {

  public SecurityGroupsDefinition() {
    super(SecurityGroupsStep.ID, "network.securityGroups", SecurityGroupsSpec.class, SecurityGroupsStep::new, SecurityGroupsStep.OUTPUTS);
  }
}
