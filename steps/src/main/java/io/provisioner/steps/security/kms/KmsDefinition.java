package io.provisioner.steps.security.kms;

import io.provisioner.steps.BasicDefinition;

/** Registers {@code security.kms} (the environment's KMS key) under the profile section {@code security.kms}. */
public final class KmsDefinition extends BasicDefinition<KmsSpec> {

  public KmsDefinition() {
    super(KmsStep.ID, "security.kms", KmsSpec.class, KmsStep::new, KmsStep.OUTPUTS);
  }
}
