package io.provisioner.steps.data.rds;

import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS tags: conversions, and the setting that adds the missing ones with AddTagsToResource. */
final class RdsTags {
  private RdsTags() {}

  static List<Tag> of(Map<String, String> tags) {
    return Tags.to(tags, (k, v) -> Tag.builder().key(k).value(v).build());
  }

  static Map<String, String> toMap(List<Tag> tags) {
    return Tags.from(tags, Tag::key, Tag::value);
  }

  /** Tags of a resource whose read carries them (a DB instance's TagList). */
  static <L> Setting<L> setting(RdsClient rds, Map<String, String> wanted, Function<L, String> arn,
      Function<L, List<Tag>> tagList) {
    return Tags.setting(wanted, live -> toMap(tagList.apply(live)),
        (live, missing) -> rds.addTagsToResource(b -> b.resourceName(arn.apply(live)).tags(of(missing))));
  }

  /** Tags of a group, whose Describe call does not return them: read with ListTagsForResource. */
  static <L> Setting<L> listed(RdsClient rds, Map<String, String> wanted, Function<L, String> arn) {
    return setting(rds, wanted, arn, live -> rds.listTagsForResource(b -> b.resourceName(arn.apply(live))).tagList());
  }
}
