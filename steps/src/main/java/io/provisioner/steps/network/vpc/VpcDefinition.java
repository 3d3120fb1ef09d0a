package io.provisioner.steps.network.vpc;

import io.provisioner.steps.BasicDefinition;

/** Registers {@code network.vpc} (the 4-tier VPC) under the profile section {@code network.vpc}. */
public final class VpcDefinition extends BasicDefinition<VpcSpec> {

  public VpcDefinition() {
    super(VpcStep.ID, "network.vpc", VpcSpec.class, VpcStep::new, VpcStep.OUTPUTS);
  }
}
