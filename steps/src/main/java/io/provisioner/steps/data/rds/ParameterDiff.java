package io.provisioner.steps.data.rds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * What separates a parameter group's user-set parameters from the spec's: values to set (missing or
 * different) and names to reset to the engine default (set by someone, not in the spec).
 *
 * @param toSet name to the spec's value, for every parameter whose live value differs
 * @param live the live value of each parameter in {@code toSet}, null where it was not set
 * @param toReset user-set parameters the spec does not name
 */
record ParameterDiff(Map<String, String> toSet, Map<String, String> live, Set<String> toReset) {
  /** ModifyDBParameterGroup and ResetDBParameterGroup take at most 20 parameters a call. */
  static final int BATCH = 20;

  ParameterDiff {
    toSet = Collections.unmodifiableMap(new TreeMap<>(toSet));
    live = Collections.unmodifiableMap(new TreeMap<>(live));
    toReset = Collections.unmodifiableSet(new TreeSet<>(toReset));
  }

  /**
   * @param desired the spec's parameters
   * @param userSet the group's parameters of source {@code user}, name to value (a null value is a
   *     parameter set without one)
   */
  static ParameterDiff of(Map<String, String> desired, Map<String, String> userSet) {
    Map<String, String> toSet = new TreeMap<>();
    Map<String, String> live = new TreeMap<>();
    desired.forEach((name, value) -> {
      String actual = userSet.get(name);
      if (!value.equals(actual)) {
        toSet.put(name, value);
        if (actual != null) {
          live.put(name, actual);
        }
      }
    });
    Set<String> toReset = new TreeSet<>();
    userSet.forEach((name, value) -> {
      if (!desired.containsKey(name) && value != null) {
        toReset.add(name);
      }
    });
    return new ParameterDiff(toSet, live, toReset);
  }

  boolean isEmpty() {
    return toSet.isEmpty() && toReset.isEmpty();
  }

  /** Every difference in words, e.g. {@code parameter log_connections is "0", expected "1"}. */
  List<String> describe(String groupName) {
    List<String> result = new ArrayList<>();
    toSet.forEach((name, value) -> result.add(live.containsKey(name)
        ? "parameter group " + groupName + ": " + name + " is \"" + live.get(name) + "\", expected \"" + value + "\""
        : "parameter group " + groupName + ": " + name + " is not set, expected \"" + value + "\""));
    toReset.forEach(name -> result.add("parameter group " + groupName + ": " + name
        + " is set but not in the spec (expected the engine default)"));
    return result;
  }

  /**
   * How a parameter change is applied: at once for a dynamic parameter, at the next reboot for a
   * static one or one whose apply type is unknown (RDS accepts pending-reboot for every parameter).
   */
  static ApplyMethod applyMethod(String applyType) {
    return "dynamic".equalsIgnoreCase(applyType) ? ApplyMethod.IMMEDIATE : ApplyMethod.PENDING_REBOOT;
  }

  /** The parameters to set, each with its apply method, in batches a call accepts. */
  List<List<Parameter>> setBatches(Map<String, String> applyTypes) {
    List<Parameter> all = new ArrayList<>();
    toSet.forEach((name, value) -> all.add(Parameter.builder().parameterName(name).parameterValue(value)
        .applyMethod(applyMethod(applyTypes.get(name))).build()));
    return batches(all);
  }

  /** The parameters to reset, each with its apply method, in batches a call accepts. */
  List<List<Parameter>> resetBatches(Map<String, String> applyTypes) {
    List<Parameter> all = new ArrayList<>();
    toReset.forEach(name -> all.add(Parameter.builder().parameterName(name)
        .applyMethod(applyMethod(applyTypes.get(name))).build()));
    return batches(all);
  }

  private static List<List<Parameter>> batches(List<Parameter> all) {
    List<List<Parameter>> result = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      result.add(List.copyOf(all.subList(i, Math.min(all.size(), i + BATCH))));
    }
    return result;
  }
}
