package io.provisioner.steps.storage.s3;

import io.provisioner.steps.BasicDefinition;

/** Registers {@code storage.s3} (the access-log and application buckets) under the profile section {@code storage.s3}. */
public final class S3Definition extends BasicDefinition<S3Spec> {

  public S3Definition() {
    super(S3Step.ID, "storage.s3", S3Spec.class, S3Step::new, S3Step.OUTPUTS);
  }
}
