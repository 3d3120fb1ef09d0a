package io.provisioner.steps.storage.s3;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Setting;
import java.util.List;

/**
 * The settings of each kind of bucket, in the order they are converged: tags first, so a bucket
 * left behind by a crash can be told apart; the public access block right after.
 */
final class BucketSettings {
  private BucketSettings() {}

  /**
   * @param accessLogs the access-log bucket the application bucket logs to
   * @param keyArn the environment's key (security.kms)
   */
  static List<Setting<LiveBucket>> application(
      StepContext ctx, S3Spec.Bucket spec, BucketId bucket, BucketId accessLogs, String keyArn) {
    return List.of(
        new Tagging(ctx.tags().forKey(bucket.key()), spec.backup()),
        new PublicAccess(),
        new Ownership(),
        new Versioning(),
        DefaultEncryption.kms(keyArn),
        BucketPolicy.tlsOnly(bucket.arn()),
        new AccessLogging(accessLogs.name(), bucket.name()),
        LifecycleRules.application(spec.lifecycle()),
        new EventBridgeNotifications(spec.eventBridge()),
        new IntelligentTieringConfig(spec.intelligentTiering()));
  }

  static List<Setting<LiveBucket>> accessLogs(
      StepContext ctx, S3Spec.AccessLogs spec, BucketId bucket, String accountId) {
    return List.of(
        new Tagging(ctx.tags().forKey(bucket.key()), false),
        new PublicAccess(),
        new Ownership(),
        new Versioning(),
        DefaultEncryption.s3Managed(),
        BucketPolicy.accessLogTarget(bucket.arn(), accountId),
        LifecycleRules.accessLogs(spec));
  }
}
