package io.provisioner.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioner.steps.StepDefinition;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of the step sections in a profile, from the definitions' dotted paths: {@code
 * security.kms} is section {@code kms} in group {@code security}; {@code organization} is a
 * top-level section. Every section is optional; a key that is neither a section nor a group is an
 * unknown key, reported with the keys known at that place.
 */
final class SectionTree {

  /** Binds one section's YAML node to its definition's spec; false when it could not be bound. */
  @FunctionalInterface
  interface Binder {
    boolean bind(StepDefinition<?> definition, String path, JsonNode node);
  }

  private final Map<String, Object> children = new LinkedHashMap<>();

  static SectionTree of(Collection<StepDefinition<?>> definitions) {
    SectionTree root = new SectionTree();
    for (StepDefinition<?> d : definitions) {
      List<String> parts = Arrays.asList(d.section().split("\\."));
      SectionTree node = root;
      for (String group : parts.subList(0, parts.size() - 1)) {
        Object child = node.children.computeIfAbsent(group, k -> new SectionTree());
        if (!(child instanceof SectionTree tree)) {
          throw new IllegalStateException("section " + d.section() + " nests under another step's section");
        }
        node = tree;
      }
      if (node.children.put(parts.get(parts.size() - 1), d) != null) {
        throw new IllegalStateException("two steps claim section " + d.section());
      }
    }
    return root;
  }

  /**
   * Binds the top-level key {@code key} and whatever sections it holds.
   *
   * @param otherKeys the engine's own top-level keys, named when the key is unknown
   * @return false when a section could not be bound (its problems are reported)
   */
  boolean bind(String key, JsonNode node, Binder binder, Collection<String> otherKeys, List<String> problems) {
    return bindChild(this, key, key, node, binder, otherKeys, problems);
  }

  private static boolean bindChild(SectionTree parent, String key, String path, JsonNode node, Binder binder,
      Collection<String> otherKeys, List<String> problems) {
    Object child = parent.children.get(key);
    if (child == null) {
      List<String> known = new java.util.ArrayList<>(otherKeys);
      known.addAll(parent.children.keySet());
      problems.add(path + ": unknown key; known keys here are " + String.join(", ", known));
      return true;
    }
    if (node == null || node.isNull()) {
      return true;
    }
    if (child instanceof StepDefinition<?> definition) {
      return binder.bind(definition, path, node);
    }
    SectionTree group = (SectionTree) child;
    if (!node.isObject()) {
      problems.add(path + ": must be a mapping of the sections " + String.join(", ", group.children.keySet()));
      return true;
    }
    boolean complete = true;
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      complete &= bindChild(group, field.getKey(), path + "." + field.getKey(), field.getValue(), binder, List.of(),
          problems);
    }
    return complete;
  }
}
