package io.provisioner.steps.data.rds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS tags: conversions, what is missing, and AddTagsToResource for it. */
final class RdsTags {
  private RdsTags() {}

  static List<Tag> of(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  static Map<String, String> toMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> map.put(t.key(), t.value()));
    }
    return map;
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

  /** Each missing or different tag in words, prefixed with the resource's label. */
  static List<String> differences(String label, Map<String, String> expected, Map<String, String> actual) {
    List<String> result = new ArrayList<>();
    missing(expected, actual).forEach((name, value) -> result.add(label + ": " + (actual.containsKey(name)
        ? "tag " + name + " is \"" + actual.get(name) + "\", expected \"" + value + "\""
        : "tag " + name + " is missing, expected \"" + value + "\"")));
    return result;
  }

  /** Adds the missing tags to the resource; records the change. Makes no call when none is missing. */
  static void converge(RdsClient rds, String label, String arn, Map<String, String> expected,
      Map<String, String> actual, List<String> changes) {
    Map<String, String> missing = missing(expected, actual);
    if (missing.isEmpty()) {
      return;
    }
    rds.addTagsToResource(b -> b.resourceName(arn).tags(of(missing)));
    changes.add(label + ": set tags " + missing.keySet());
  }

  /** The tags of a group (subnet, parameter or option group), which its Describe call does not return. */
  static Map<String, String> read(RdsClient rds, String arn) {
    return toMap(rds.listTagsForResource(b -> b.resourceName(arn)).tagList());
  }
}
