package io.provisioner.steps.storage.s3;

import io.provisioner.steps.aws.AwsErrors;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A bucket found or created by {@link BucketResource}: its name, and the client its calls go
 * through. It is what the bucket's settings read and change; errors are left to the loop.
 */
record LiveBucket(String name, S3Client s3) {

  /**
   * A read of a sub-resource that may never have been set (policy, tags, lifecycle...): empty when
   * S3 answers {@code notSetCode}, the code its API reference gives for "not configured".
   */
  <T> Optional<T> ifSet(String notSetCode, Function<S3Client, T> read) {
    try {
      return Optional.ofNullable(read.apply(s3));
    } catch (S3Exception e) {
      if (AwsErrors.hasCode(e, notSetCode)) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
