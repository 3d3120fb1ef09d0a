package io.provisioner.steps.network.transitgateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2 tag conversions and the tag part of converge and verify, shared by the gateway and the attachment. */
final class Ec2Tags {
  private Ec2Tags() {}

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
  static Map<String, String> missing(Map<String, String> expected, List<Tag> actual) {
    Map<String, String> have = toMap(actual);
    Map<String, String> missing = new LinkedHashMap<>();
    expected.forEach((name, value) -> {
      if (!value.equals(have.get(name))) {
        missing.put(name, value);
      }
    });
    return missing;
  }

  /** Tags a resource with what it lacks; true when a call was made. */
  static boolean converge(Ec2Client ec2, String resourceId, Map<String, String> expected, List<Tag> actual) {
    Map<String, String> missing = missing(expected, actual);
    if (missing.isEmpty()) {
      return false;
    }
    ec2.createTags(b -> b.resources(resourceId).tags(of(missing)));
    return true;
  }

  /** One line per missing or different tag, prefixed with the resource's label. */
  static List<String> differences(String label, Map<String, String> expected, List<Tag> actual) {
    Map<String, String> have = toMap(actual);
    return missing(expected, actual).entrySet().stream()
        .map(e -> label + ": tag " + e.getKey() + (have.containsKey(e.getKey())
            ? " is \"" + have.get(e.getKey()) + "\", expected \"" + e.getValue() + "\""
            : " is missing, expected \"" + e.getValue() + "\""))
        .toList();
  }
}
