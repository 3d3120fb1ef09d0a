package io.provisioner.steps.data.rds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * What separates a parameter group's user-set parameters from the spec's: values to set (missing or
 * different) and names to reset to the engine default (set by someone, not in the spec).
 *
 * @param toSet name to the spec's value, for every parameter whose live value differs
 * @param live the live value of each parameter in {@code toSet} that has one
 * @param toReset user-set parameters the spec does not name
 */
record ParameterDiff(SortedMap<String, String> toSet, SortedMap<String, String> live, SortedSet<String> toReset) {
  /** ModifyDBParameterGroup and ResetDBParameterGroup take at most 20 parameters a call. */
  static final int BATCH = 20;

  /**
   * @param desired the spec's parameters
   * @param userSet the group's parameters of source {@code user}, name to value (null: set without one)
   */
  static ParameterDiff of(Map<String, String> desired, Map<String, String> userSet) {
    ParameterDiff diff = new ParameterDiff(new TreeMap<>(), new TreeMap<>(), new TreeSet<>());
    desired.forEach((name, value) -> {
      if (!value.equals(userSet.get(name))) {
        diff.toSet.put(name, value);
        if (userSet.get(name) != null) {
          diff.live.put(name, userSet.get(name));
        }
      }
    });
    userSet.forEach((name, value) -> {
      if (value != null && !desired.containsKey(name)) {
        diff.toReset.add(name);
      }
    });
    return diff;
  }

  /** Every difference in words, e.g. {@code log_connections is "0", expected "1"}. */
  List<String> describe() {
    List<String> result = new ArrayList<>();
    toSet.forEach((name, value) -> result.add(name + (live.containsKey(name) ? " is \"" + live.get(name) + "\""
        : " is not set") + ", expected \"" + value + "\""));
    toReset.forEach(name -> result.add(name + " is set but not in the spec (expected the engine default)"));
    return result;
  }

  /**
   * The parameters to set, in batches a call accepts; each applied at once when dynamic, at the next
   * reboot when static or of unknown apply type (RDS accepts pending-reboot for every parameter).
   */
  List<List<Parameter>> setBatches(Map<String, String> applyTypes) {
    return batches(toSet.entrySet().stream().map(e -> parameter(e.getKey(), applyTypes).parameterValue(e.getValue())));
  }

  /** The parameters to reset, as {@link #setBatches}. */
  List<List<Parameter>> resetBatches(Map<String, String> applyTypes) {
    return batches(toReset.stream().map(name -> parameter(name, applyTypes)));
  }

  private static Parameter.Builder parameter(String name, Map<String, String> applyTypes) {
    return Parameter.builder().parameterName(name).applyMethod("dynamic".equalsIgnoreCase(applyTypes.get(name))
        ? ApplyMethod.IMMEDIATE : ApplyMethod.PENDING_REBOOT);
  }

  private static List<List<Parameter>> batches(Stream<Parameter.Builder> parameters) {
    List<Parameter> all = parameters.map(Parameter.Builder::build).toList();
    List<List<Parameter>> result = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      result.add(all.subList(i, Math.min(all.size(), i + BATCH)));
    }
    return result;
  }
}
