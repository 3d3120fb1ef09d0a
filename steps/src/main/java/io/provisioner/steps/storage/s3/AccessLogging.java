package io.provisioner.steps.storage.s3;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;

/**
 * Server access logging of an application bucket to the access-log bucket, under the prefix
 * {@code <bucketName>/}. Permission to deliver comes from the log bucket's policy, not from ACLs.
 */
final class AccessLogging implements BucketSetting {
  /** S3 checks the target's policy, which a first run put a moment before. */
  private static final Set<String> TARGET_NOT_READY = Set.of("InvalidTargetBucketForLogging");

  private final String targetBucket;
  private final String targetPrefix;

  AccessLogging(String targetBucket, String sourceBucket) {
    this.targetBucket = targetBucket;
    this.targetPrefix = sourceBucket + "/";
  }

  @Override
  public List<String> differences(BucketCalls bucket) {
    return differences(Optional.ofNullable(bucket.read("read server access logging",
        s3 -> s3.getBucketLogging(b -> b.bucket(bucket.bucket())).loggingEnabled())));
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
  public void apply(BucketCalls bucket) {
    bucket.write("put server access logging", TARGET_NOT_READY, s3 -> s3.putBucketLogging(b -> b.bucket(bucket.bucket())
        .bucketLoggingStatus(s -> s.loggingEnabled(l -> l.targetBucket(targetBucket).targetPrefix(targetPrefix)))));
  }
}
