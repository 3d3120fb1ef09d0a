package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;
import java.util.Optional;

/** Registers {@code storage.ecr} (the image repository) under the profile section {@code storage.ecr}. */
public final class EcrDefinition implements StepDefinition<EcrSpec> {

  @Override
  public String id() {
    return EcrStep.ID;
  }

  @Override
  public String section() {
    return "storage.ecr";
  }

  @Override
  public Class<EcrSpec> specType() {
    return EcrSpec.class;
  }

  @Override
  public Optional<OutputRef<?>> outputs() {
    return Optional.of(EcrStep.OUTPUTS);
  }

  @Override
  public Step step(EcrSpec spec) {
    return new EcrStep(spec);
  }
}
