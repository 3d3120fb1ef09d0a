package io.provisioner.steps.data.elasticache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Redis engine version as the profile gives it ({@code 7.1}, {@code 6.2}, {@code 6.x}) or as
 * ElastiCache reports it ({@code 7.1.0}). The version asked for matches every reported version
 * that starts with its parts ({@code 7.1} matches {@code 7.1.0}; {@code 6.x} matches any 6).
 */
record EngineVersion(List<Integer> parts) {
  EngineVersion {
    parts = List.copyOf(parts);
  }

  /** Parses {@code 7}, {@code 7.1}, {@code 7.1.0} or {@code 6.x}; empty when it is none of these. */
  static Optional<EngineVersion> parse(String text) {
    if (text == null || !text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){0,2}|[0-9]{1,3}\\.x")) {
      return Optional.empty();
    }
    List<Integer> parts = new ArrayList<>();
    for (String part : text.split("\\.")) {
      if (!"x".equals(part)) {
        parts.add(Integer.parseInt(part));
      }
    }
    return Optional.of(new EngineVersion(parts));
  }

  int major() {
    return parts.get(0);
  }

  /** True when {@code reported} is this version or a more precise form of it. */
  boolean matches(EngineVersion reported) {
    return reported.parts.size() >= parts.size() && reported.parts.subList(0, parts.size()).equals(parts);
  }

  /**
   * Compares on the parts both have: negative when this is older than {@code other}, zero when
   * one matches the other, positive when newer.
   */
  int compareOnCommonParts(EngineVersion other) {
    int common = Math.min(parts.size(), other.parts.size());
    for (int i = 0; i < common; i++) {
      int c = Integer.compare(parts.get(i), other.parts.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** The default parameter group of this version's family: {@code default.redis7}, {@code default.redis6.x}. */
  String defaultParameterGroup() {
    return major() == 6 ? "default.redis6.x" : "default.redis" + major();
  }
}
