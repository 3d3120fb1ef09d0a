package io.provisioner.steps.network.vpc;

import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;

/** Registers {@code network.vpc} (the 4-tier VPC) under the profile section {@code network.vpc}. */
public final class VpcDefinition implements StepDefinition<VpcSpec> {

  @Override
  public String id() {
    return VpcStep.ID;
  }

  @Override
  public String section() {
    return "network.vpc";
  }

  @Override
  public Class<VpcSpec> specType() {
    return VpcSpec.class;
  }

  @Override
  public java.util.Optional<io.provisioner.steps.OutputRef<?>> outputs() {
    return java.util.Optional.of(VpcStep.OUTPUTS);
  }

  @Override
  public Step step(VpcSpec spec) {
    return new VpcStep(spec);
  }
}
