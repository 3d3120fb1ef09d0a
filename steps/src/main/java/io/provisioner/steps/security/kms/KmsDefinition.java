package io.provisioner.steps.security.kms;

import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;

/** Registers {@code security.kms} (the environment's KMS key) under the profile section {@code security.kms}. */
public final class KmsDefinition implements StepDefinition<KmsSpec> {

  @Override
  public String id() {
    return KmsStep.ID;
  }

  @Override
  public String section() {
    return "security.kms";
  }

  @Override
  public Class<KmsSpec> specType() {
    return KmsSpec.class;
  }

  @Override
  public java.util.Optional<io.provisioner.steps.OutputRef<?>> outputs() {
    return java.util.Optional.of(KmsStep.OUTPUTS);
  }

  @Override
  public Step step(KmsSpec spec) {
    return new KmsStep(spec);
  }
}
