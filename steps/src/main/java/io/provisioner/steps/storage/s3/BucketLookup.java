package io.provisioner.steps.storage.s3;

import io.provisioner.steps.StepException;
import io.provisioner.steps.Waits;
import io.provisioner.steps.aws.Transient;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Whether a bucket of this account exists, by HeadBucket with {@code ExpectedBucketOwner}: S3
 * answers 403 for a bucket of another account, which is never adopted.
 */
final class BucketLookup {
  private BucketLookup() {}

  /**
   * True when the bucket exists in this account and region, false when there is no such bucket.
   *
   * @throws StepException when the name is taken by another account, or the bucket is in another region
   */
  static boolean exists(S3Client s3, BucketId id, String accountId, String region, Waits waits) {
    Optional<String> foundIn;
    try {
      HeadBucketResponse head = Transient.retry(waits, "look up bucket " + id.name(), Set.of(),
          () -> s3.headBucket(b -> b.bucket(id.name()).expectedBucketOwner(accountId)));
      foundIn = Optional.ofNullable(head.bucketRegion());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      if (e.statusCode() == 403) {
        throw new StepException("bucket " + id.name() + " (" + id.field() + ") exists but is not this account's ("
            + accountId + "), or this account may not read it (HTTP 403); bucket names are global, so change "
            + id.whatToChange() + " if another account owns it");
      }
      if (e.statusCode() == 301) {
        foundIn = e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")
            .or(() -> Optional.of("another region"));
      } else {
        throw new StepException("looking up bucket " + id.name() + " failed: " + e.getMessage(), e);
      }
    }
    if (foundIn.isPresent() && !foundIn.get().equals(region)) {
      throw new StepException("bucket " + id.name() + " (" + id.field() + ") exists in " + foundIn.get()
          + ", but this step works in " + region + "; delete or move that bucket, or place the step in "
          + foundIn.get());
    }
    return true;
  }
}
