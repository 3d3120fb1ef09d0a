package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.Tag;

/**
 * Tags of ElastiCache resources (by ARN): the expected ones are the context's tags for a logical
 * key; tags someone else added are left alone. The {@code provisioner:*} tags are also what marks
 * a resource with a deterministic name as this environment's before rollback deletes it.
 */
final class CacheTags {
  static final String SUBNET_GROUP_KEY = "subnetGroup";
  static final String REPLICATION_GROUP_KEY = "replicationGroup";

  private final StepContext ctx;
  private final ElastiCacheClient cache;

  CacheTags(StepContext ctx, ElastiCacheClient cache) {
    this.ctx = ctx;
    this.cache = cache;
  }

  Map<String, String> expected(String logicalKey) {
    return ctx.tags().forKey(logicalKey);
  }

  Map<String, String> of(String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    cache.listTagsForResource(b -> b.resourceName(arn)).tagList().forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  boolean isOurs(Map<String, String> actual, String logicalKey) {
    return ctx.tags().matches(actual, logicalKey);
  }

  /** The expected tags that are absent or carry another value. */
  Map<String, String> missing(Map<String, String> actual, String logicalKey) {
    Map<String, String> missing = new LinkedHashMap<>();
    expected(logicalKey).forEach((name, value) -> {
      if (!value.equals(actual.get(name))) {
        missing.put(name, value);
      }
    });
    return missing;
  }

  /** The differences in words, one per missing or different tag, each prefixed. */
  List<String> differences(String prefix, Map<String, String> actual, String logicalKey) {
    return missing(actual, logicalKey).entrySet().stream()
        .map(e -> prefix + (actual.containsKey(e.getKey())
            ? "tag " + e.getKey() + " is \"" + actual.get(e.getKey()) + "\", expected \"" + e.getValue() + "\""
            : "tag " + e.getKey() + " is missing, expected \"" + e.getValue() + "\""))
        .toList();
  }

  /** Adds the missing tags; returns their names (empty when nothing was missing, and then makes no call). */
  List<String> converge(String arn, Map<String, String> actual, String logicalKey) {
    Map<String, String> missing = missing(actual, logicalKey);
    if (!missing.isEmpty()) {
      cache.addTagsToResource(b -> b.resourceName(arn).tags(sdk(missing)));
    }
    return List.copyOf(missing.keySet());
  }

  static List<Tag> sdk(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }
}
