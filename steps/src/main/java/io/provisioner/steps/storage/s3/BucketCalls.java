package io.provisioner.steps.storage.s3;

import io.provisioner.steps.StepException;
import io.provisioner.steps.Waits;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The calls on one bucket that exists. Throttling, and a {@code NoSuchBucket} right after the
 * bucket was created (S3 is eventually consistent about new buckets), are retried within {@link
 * Waits#eventualConsistency()}; any other error becomes a {@link StepException} saying what was
 * being done on which bucket.
 */
final class BucketCalls {
  private static final Set<String> NOT_YET_VISIBLE = Set.of("NoSuchBucket");

  private final S3Client s3;
  private final String bucket;
  private final Waits waits;

  BucketCalls(S3Client s3, String bucket, Waits waits) {
    this.s3 = s3;
    this.bucket = bucket;
    this.waits = waits;
  }

  String bucket() {
    return bucket;
  }

  /** A read, e.g. {@code s3 -> s3.getBucketVersioning(b -> b.bucket(bucket))}. */
  <T> T read(String what, Function<S3Client, T> call) {
    try {
      return Transient.retry(waits, what + " of bucket " + bucket, NOT_YET_VISIBLE, () -> call.apply(s3));
    } catch (SdkException e) {
      throw failed(what, e);
    }
  }

  /** A read of a sub-resource that may never have been set: empty when S3 says it is not configured. */
  <T> Optional<T> readIfSet(String what, Function<S3Client, T> call) {
    try {
      return Optional.of(Transient.retry(waits, what + " of bucket " + bucket, NOT_YET_VISIBLE, () -> call.apply(s3)));
    } catch (SdkException e) {
      if (AwsErrors.isS3NotConfigured(e)) {
        return Optional.empty();
      }
      throw failed(what, e);
    }
  }

  /** A mutating call. */
  void write(String what, Consumer<S3Client> call) {
    write(what, Set.of(), call);
  }

  /** A mutating call that may also fail for a while with one of {@code notYetCodes} (e.g. a policy put a moment ago). */
  void write(String what, Set<String> notYetCodes, Consumer<S3Client> call) {
    Set<String> retried = new HashSet<>(NOT_YET_VISIBLE);
    retried.addAll(notYetCodes);
    try {
      Transient.run(waits, what + " of bucket " + bucket, retried, () -> call.accept(s3));
    } catch (SdkException e) {
      throw failed(what, e);
    }
  }

  private StepException failed(String what, SdkException e) {
    return new StepException(what + " of bucket " + bucket + " failed: " + e.getMessage(), e);
  }
}
