package io.provisioner.steps.storage.s3;

import io.provisioner.steps.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
   * What rollback deletes, in order: the application buckets of the spec and those recorded by an
   * earlier run that the spec no longer names, then the access-log bucket last.
   */
  static List<BucketId> forRollback(StepContext ctx, S3Spec spec) {
    List<BucketId> candidates = new ArrayList<>(of(ctx, spec));
    candidates.addAll(recorded(ctx));
    Map<String, BucketId> applications = new LinkedHashMap<>();
    Map<String, BucketId> accessLogs = new LinkedHashMap<>();
    for (BucketId id : candidates) {
      (id.isAccessLogs() ? accessLogs : applications).putIfAbsent(id.name(), id);
    }
    List<BucketId> order = new ArrayList<>(applications.values());
    order.addAll(accessLogs.values());
    return order;
  }

  /** Buckets recorded in the checkpoints ({@code bucket.<key>.name}). */
  private static List<BucketId> recorded(StepContext ctx) {
    List<BucketId> result = new ArrayList<>();
    ctx.checkpoints().all().forEach((checkpoint, name) -> {
      if (checkpoint.startsWith(BucketId.PREFIX) && checkpoint.endsWith(BucketId.NAME_SUFFIX)) {
        String key = checkpoint.substring(BucketId.PREFIX.length(), checkpoint.length() - BucketId.NAME_SUFFIX.length());
        Optional<String> arn = ctx.checkpoints().get(BucketId.PREFIX + key + BucketId.ARN_SUFFIX);
        result.add(new BucketId(key, "recorded output " + checkpoint, name,
            arn.orElse(BucketName.arn(name, ctx.target().region()))));
      }
    });
    return result;
  }

  private static BucketId id(StepContext ctx, String key, String field, String accountId, String region) {
    String name = BucketName.of(ctx.project(), ctx.env(), key, field, accountId, region);
    return new BucketId(key, field, name, BucketName.arn(name, region));
  }
}
