package io.provisioner.steps.data.backup;

import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.ListTagsResponse;

/** Reads and compares the tags of a backup vault or plan (AWS Backup keeps them as a plain map). */
final class BackupTags {
  private BackupTags() {}

  /** The tags of a resource by ARN; empty when the resource is gone. */
  static Map<String, String> of(BackupClient backup, String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    try {
      for (ListTagsResponse page : backup.listTagsPaginator(b -> b.resourceArn(arn))) {
        if (page.hasTags()) {
          tags.putAll(page.tags());
        }
      }
    } catch (BackupException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
    return tags;
  }

  /** The expected tags that are absent or carry another value. */
  static Map<String, String> missing(Map<String, String> expected, Map<String, String> actual) {
    Map<String, String> missing = new LinkedHashMap<>();
    expected.forEach((name, value) -> {
      if (!value.equals(actual.get(name))) {
        missing.put(name, value);
      }
    });
    return missing;
  }

  /** Each missing or different tag in words, prefixed with what it is on. */
  static List<String> differences(String prefix, Map<String, String> expected, Map<String, String> actual) {
    List<String> result = new ArrayList<>();
    missing(expected, actual).forEach((name, value) -> result.add(prefix + (actual.containsKey(name)
        ? "tag " + name + " is \"" + actual.get(name) + "\", expected \"" + value + "\""
        : "tag " + name + " is missing, expected \"" + value + "\"")));
    return result;
  }
}
