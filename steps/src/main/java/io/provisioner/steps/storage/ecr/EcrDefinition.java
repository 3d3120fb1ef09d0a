package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.BasicDefinition;

/** Registers {@code storage.ecr} (the image repository) under the profile section {@code storage.ecr}. */
public final class EcrDefinition extends BasicDefinition<EcrSpec> {

  public EcrDefinition() {
    super(EcrStep.ID, "storage.ecr", EcrSpec.class, EcrStep::new, EcrStep.OUTPUTS);
  }
}
