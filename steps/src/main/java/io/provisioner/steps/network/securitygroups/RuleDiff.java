package io.provisioner.steps.network.securitygroups;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What separates the rules a group has from the rules it should have, compared by {@link Rule}
 * identity only: {@code missing} are to be authorized, {@code extra} (with their rule ids) to be
 * revoked. A second existing rule with the identity of a first one counts as extra.
 */
record RuleDiff(List<Rule> missing, List<Existing> extra) {

  /** A rule as found on the group: its id and its identity. */
  record Existing(String ruleId, Rule rule) {}

  RuleDiff {
    missing = List.copyOf(missing);
    extra = List.copyOf(extra);
  }

  static RuleDiff compare(Collection<Rule> desired, Collection<Existing> actual) {
    Set<Rule> wanted = new LinkedHashSet<>(desired);
    Set<Rule> seen = new LinkedHashSet<>();
    List<Existing> extra = new ArrayList<>();
    for (Existing existing : actual) {
      if (!wanted.contains(existing.rule()) || !seen.add(existing.rule())) {
        extra.add(existing);
      }
    }
    List<Rule> missing = wanted.stream().filter(rule -> !seen.contains(rule)).toList();
    return new RuleDiff(missing, extra);
  }

  boolean isEmpty() {
    return missing.isEmpty() && extra.isEmpty();
  }
}
