package io.provisioner.steps.storage.s3;

import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The bucket's tags: the common tags, {@code provisioner:env/step/key}, and {@code backup=true} on
 * the buckets the AWS Backup plan selects by tag. Tags set by others are kept; a {@code backup} tag
 * on a bucket the spec does not back up is a difference (AWS Backup would still select it) and is
 * removed.
 */
final class Tagging implements Setting<LiveBucket> {
  static final String BACKUP_TAG = "backup";
  static final String BACKUP_VALUE = "true";

  private final Map<String, String> expected;
  private final boolean backup;

  Tagging(Map<String, String> resourceTags, boolean backup) {
    Map<String, String> tags = new LinkedHashMap<>(resourceTags);
    if (backup) {
      tags.put(BACKUP_TAG, BACKUP_VALUE);
    }
    this.expected = Map.copyOf(tags);
    this.backup = backup;
  }

  @Override
  public List<String> differences(LiveBucket bucket) {
    return differences(read(bucket));
  }

  List<String> differences(Map<String, String> actual) {
    List<String> result = new ArrayList<>();
    new TreeMap<>(expected).forEach((name, value) -> {
      if (!actual.containsKey(name)) {
        result.add("tag " + name + " is missing, expected \"" + value + "\"");
      } else if (!value.equals(actual.get(name))) {
        result.add("tag " + name + " is \"" + actual.get(name) + "\", expected \"" + value + "\"");
      }
    });
    if (!backup && actual.containsKey(BACKUP_TAG)) {
      result.add("tag " + BACKUP_TAG + " is \"" + actual.get(BACKUP_TAG)
          + "\" but the spec does not back this bucket up (AWS Backup selects by this tag)");
    }
    return result;
  }

  @Override
  public void apply(LiveBucket bucket) {
    Map<String, String> merged = new LinkedHashMap<>(read(bucket));
    if (!backup) {
      merged.remove(BACKUP_TAG);
    }
    merged.putAll(expected);
    List<Tag> tags = merged.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    bucket.s3().putBucketTagging(b -> b.bucket(bucket.name()).tagging(t -> t.tagSet(tags)));
  }

  /** The bucket's tags; empty when it has none. */
  static Map<String, String> read(LiveBucket bucket) {
    Map<String, String> tags = new LinkedHashMap<>();
    bucket.ifSet("NoSuchTagSet", s3 -> s3.getBucketTagging(b -> b.bucket(bucket.name())))
        .ifPresent(r -> r.tagSet().forEach(t -> tags.put(t.key(), t.value())));
    return tags;
  }
}
