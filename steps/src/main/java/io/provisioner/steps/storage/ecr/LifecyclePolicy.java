package io.provisioner.steps.storage.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioner.steps.support.PolicyJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The repository's lifecycle policy, rendered from the spec (seed 000 "lifecycle policy cleaning
 * old images"):
 *
 * <ol>
 *   <li>untagged images older than {@code untaggedExpiryDays} expire;
 *   <li>of all images, only the newest {@code keepLastImages} are kept.
 * </ol>
 *
 * ECR requires the rule with {@code tagStatus: any} to have the highest priority number, hence this
 * order. Policies are compared semantically, rule by rule (by {@code rulePriority}): key order,
 * formatting and {@code 14} versus {@code "14"} make no difference.
 */
record LifecyclePolicy(int untaggedExpiryDays, int keepLastImages) {
  static final int UNTAGGED_RULE = 1;
  static final int KEEP_LAST_RULE = 2;

  static LifecyclePolicy of(EcrSpec spec) {
    return new LifecyclePolicy(spec.untaggedExpiryDays(), spec.keepLastImages());
  }

  /** The policy as a JSON tree. */
  ObjectNode document() {
    ObjectNode doc = PolicyJson.MAPPER.createObjectNode();
    ArrayNode rules = doc.putArray("rules");

    ObjectNode untagged = rules.addObject();
    untagged.put("rulePriority", UNTAGGED_RULE);
    untagged.put("description", "Expire untagged images older than " + untaggedExpiryDays + " days");
    ObjectNode untaggedSelection = untagged.putObject("selection");
    untaggedSelection.put("tagStatus", "untagged");
    untaggedSelection.put("countType", "sinceImagePushed");
    untaggedSelection.put("countUnit", "days");
    untaggedSelection.put("countNumber", untaggedExpiryDays);
    untagged.putObject("action").put("type", "expire");

    ObjectNode keepLast = rules.addObject();
    keepLast.put("rulePriority", KEEP_LAST_RULE);
    keepLast.put("description", "Keep only the last " + keepLastImages + " images");
    ObjectNode keepSelection = keepLast.putObject("selection");
    keepSelection.put("tagStatus", "any");
    keepSelection.put("countType", "imageCountMoreThan");
    keepSelection.put("countNumber", keepLastImages);
    keepLast.putObject("action").put("type", "expire");
    return doc;
  }

  /** The text given to PutLifecyclePolicy. */
  String json() {
    return PolicyJson.write(document());
  }

  /**
   * What differs between the policy in place ({@code actual}, null when there is none) and this
   * one, in words; empty when they are the same.
   */
  List<String> differences(String actual) {
    if (actual == null || actual.isBlank()) {
      return List.of("lifecycle policy is missing");
    }
    JsonNode found;
    try {
      found = PolicyJson.parse(actual);
    } catch (IllegalArgumentException e) {
      return List.of("lifecycle policy is not valid JSON");
    }
    JsonNode expected = document();
    if (PolicyJson.normalize(found).equals(PolicyJson.normalize(expected))) {
      return List.of();
    }
    Map<String, JsonNode> expectedRules = rulesByPriority(expected);
    Map<String, JsonNode> foundRules = rulesByPriority(found);
    List<String> result = new ArrayList<>();
    expectedRules.forEach((priority, rule) -> {
      JsonNode other = foundRules.get(priority);
      String label = "lifecycle rule " + priority + " (" + rule.path("description").asText() + ")";
      if (other == null) {
        result.add(label + " is missing");
      } else if (!PolicyJson.normalize(other).equals(PolicyJson.normalize(rule))) {
        result.add(label + " differs: found selection " + other.path("selection") + ", action "
            + other.path("action"));
      }
    });
    foundRules.keySet().stream().filter(p -> !expectedRules.containsKey(p))
        .forEach(p -> result.add("lifecycle rule " + p + " is not in the spec"));
    if (result.isEmpty()) {
      result.add("lifecycle policy differs outside its rules");
    }
    return result;
  }

  private static Map<String, JsonNode> rulesByPriority(JsonNode policy) {
    Map<String, JsonNode> result =
        new TreeMap<>(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
    JsonNode rules = policy.path("rules");
    if (rules.isArray()) {
      for (JsonNode rule : rules) {
        result.put(rule.path("rulePriority").asText("?"), rule);
      }
    }
    return result;
  }
}
