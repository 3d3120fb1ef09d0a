package io.provisioner.steps.data.backup;

import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.ListTagsResponse;

/** The tags of a backup vault or plan, which AWS Backup keeps as a plain map per resource ARN. */
final class BackupTags {
  private BackupTags() {}

  /** A setting that adds the wanted tags to the resource whose ARN {@code arn} gives; others' tags stay. */
  static <L> Setting<L> setting(BackupClient backup, Map<String, String> wanted, Function<L, String> arn) {
    return Tags.setting(wanted, live -> of(backup, arn.apply(live)),
        (live, tags) -> backup.tagResource(b -> b.resourceArn(arn.apply(live)).tags(tags)));
  }

  private static Map<String, String> of(BackupClient backup, String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (ListTagsResponse page : backup.listTagsPaginator(b -> b.resourceArn(arn))) {
      if (page.hasTags()) {
        tags.putAll(page.tags());
      }
    }
    return tags;
  }
}
