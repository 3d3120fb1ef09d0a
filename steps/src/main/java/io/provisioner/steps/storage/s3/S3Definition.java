package io.provisioner.steps.storage.s3;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;
import java.util.Optional;

/** Registers {@code storage.s3} (the access-log and application buckets) under the profile section {@code storage.s3}. */
public final class S3Definition implements StepDefinition<S3Spec> {

  @Override
  public String id() {
    return S3Step.ID;
  }

  @Override
  public String section() {
    return "storage.s3";
  }

  @Override
  public Class<S3Spec> specType() {
    return S3Spec.class;
  }

  @Override
  public Optional<OutputRef<?>> outputs() {
    return Optional.of(S3Step.OUTPUTS);
  }

  @Override
  public Step step(S3Spec spec) {
    return new S3Step(spec);
  }
}
