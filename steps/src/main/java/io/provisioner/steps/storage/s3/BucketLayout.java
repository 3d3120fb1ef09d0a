package io.provisioner.steps.storage.s3;

import io.provisioner.steps.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The step's buckets by name, in creation order: the access-log bucket first (the others log to it),
 * then the application buckets in spec order. Rollback goes the other way.
 */
final class BucketLayout {
  static final String ACCESS_LOGS_FIELD = "the access-log bucket";
  private BucketLayout() {}

  /** The buckets the spec asks for, access-log bucket first. */
  static List<BucketId> of(StepContext ctx, S3Spec spec) {
    String accountId = ctx.clients().accountId(ctx.target());
    String region = ctx.target().region();
    List<BucketId> ids = new ArrayList<>();
    ids.add(id(ctx, S3Spec.ACCESS_LOGS, ACCESS_LOGS_FIELD, accountId, region));
    for (int i = 0; i < spec.buckets().size(); i++) {
      ids.add(id(ctx, spec.buckets().get(i).suffix(), "buckets[" + i + "].suffix", accountId, region));
    }
    return ids;
  }

  /**
   * Buckets recorded by an earlier run ({@code bucket.<key>.name}) that {@code current} does not
   * name: an application bucket the spec no longer lists, which rollback still deletes.
   */
  static List<BucketId> recordedOnly(StepContext ctx, List<BucketId> current) {
    Set<String> names = current.stream().map(BucketId::name).collect(Collectors.toSet());
    List<BucketId> result = new ArrayList<>();
    ctx.checkpoints().all().forEach((checkpoint, name) -> {
      if (checkpoint.startsWith(BucketId.PREFIX) && checkpoint.endsWith(BucketId.NAME_SUFFIX) && !names.contains(name)) {
        String key = checkpoint.substring(BucketId.PREFIX.length(), checkpoint.length() - BucketId.NAME_SUFFIX.length());
        String arn = ctx.checkpoints().get(BucketId.PREFIX + key + BucketId.ARN_SUFFIX)
            .orElse(BucketName.arn(name, ctx.target().region()));
        result.add(new BucketId(key, "recorded output " + checkpoint, name, arn));
      }
    });
    return result;
  }

  private static BucketId id(StepContext ctx, String key, String field, String accountId, String region) {
    String name = BucketName.of(ctx.project(), ctx.env(), key, field, accountId, region);
    return new BucketId(key, field, name, BucketName.arn(name, region));
  }
}
