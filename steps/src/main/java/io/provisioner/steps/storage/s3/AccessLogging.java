package io.provisioner.steps.storage.s3;

import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;

/**
 * Server access logging of an application bucket to the access-log bucket, under the prefix
 * {@code <bucketName>/}. Permission to deliver comes from the log bucket's policy, not from ACLs;
 * S3 checks that policy, put a moment before on a first run, so {@code
 * InvalidTargetBucketForLogging} is one of the bucket's not-yet-visible codes ({@link BucketResource}).
 */
final class AccessLogging implements Setting<LiveBucket> {

  private final String targetBucket;
  private final String targetPrefix;

  AccessLogging(String targetBucket, String sourceBucket) {
    this.targetBucket = targetBucket;
    this.targetPrefix = sourceBucket + "/";
  }

  @Override
  public List<String> differences(LiveBucket bucket) {
    return differences(Optional.ofNullable(
        bucket.s3().getBucketLogging(b -> b.bucket(bucket.name())).loggingEnabled()));
  }

  List<String> differences(Optional<LoggingEnabled> actual) {
    String expected = targetBucket + "/" + targetPrefix;
    if (actual.isEmpty() || actual.get().targetBucket() == null) {
      return List.of("server access logging is off, expected to " + expected);
    }
    String prefix = actual.get().targetPrefix() == null ? "" : actual.get().targetPrefix();
    if (!targetBucket.equals(actual.get().targetBucket()) || !targetPrefix.equals(prefix)) {
      return List.of("server access logging goes to " + actual.get().targetBucket() + "/" + prefix
          + ", expected " + expected);
    }
    return List.of();
  }

  @Override
  public void apply(LiveBucket bucket) {
    bucket.s3().putBucketLogging(b -> b.bucket(bucket.name())
        .bucketLoggingStatus(s -> s.loggingEnabled(l -> l.targetBucket(targetBucket).targetPrefix(targetPrefix))));
  }
}
