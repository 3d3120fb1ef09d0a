package io.provisioner.steps.data.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.backup.model.BackupPlan;
import software.amazon.awssdk.services.backup.model.BackupPlanInput;
import software.amazon.awssdk.services.backup.model.BackupRule;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;
import software.amazon.awssdk.services.backup.model.CopyAction;
import software.amazon.awssdk.services.backup.model.Lifecycle;

/**
 * The backup plan document the spec asks for, and what differs between it and the plan AWS holds.
 *
 * <p>Plans are compared semantically, rule by rule (by name, in any order), on what this step
 * manages: target vault, schedule, its time zone, start and completion windows, cold storage and
 * retention, recovery point tags, continuous backup and copy actions. What AWS adds or fills in
 * does not count as a difference: the rule ids, an absent window meaning AWS's default (480 and
 * 10080 minutes), an absent time zone meaning {@code Etc/UTC}, an absent or {@code -1} lifecycle
 * value meaning "never", absent tags meaning none.
 */
final class PlanRules {
  /** The time zone AWS Backup schedules run in when a rule names none. */
  static final String DEFAULT_TIMEZONE = "Etc/UTC";

  private PlanRules() {}

  /** One rule in the canonical form plans are compared in. */
  record RuleView(
      String vault,
      String schedule,
      String timezone,
      long startWindowMinutes,
      long completionWindowMinutes,
      Long moveToColdStorageAfterDays,
      Long deleteAfterDays,
      Map<String, String> recoveryPointTags,
      boolean continuousBackup,
      List<String> copyActions) {

    static RuleView of(BackupRuleInput rule) {
      return new RuleView(rule.targetBackupVaultName(), rule.scheduleExpression(), rule.scheduleExpressionTimezone(),
          window(rule.startWindowMinutes(), BackupSpec.DEFAULT_START_WINDOW_MINUTES),
          window(rule.completionWindowMinutes(), BackupSpec.DEFAULT_COMPLETION_WINDOW_MINUTES),
          cold(rule.lifecycle()), delete(rule.lifecycle()), tags(rule.hasRecoveryPointTags(), rule.recoveryPointTags()),
          Boolean.TRUE.equals(rule.enableContinuousBackup()), copies(rule.hasCopyActions(), rule.copyActions()))
          .normalized();
    }

    static RuleView of(BackupRule rule) {
      return new RuleView(rule.targetBackupVaultName(), rule.scheduleExpression(), rule.scheduleExpressionTimezone(),
          window(rule.startWindowMinutes(), BackupSpec.DEFAULT_START_WINDOW_MINUTES),
          window(rule.completionWindowMinutes(), BackupSpec.DEFAULT_COMPLETION_WINDOW_MINUTES),
          cold(rule.lifecycle()), delete(rule.lifecycle()), tags(rule.hasRecoveryPointTags(), rule.recoveryPointTags()),
          Boolean.TRUE.equals(rule.enableContinuousBackup()), copies(rule.hasCopyActions(), rule.copyActions()))
          .normalized();
    }

    private RuleView normalized() {
      return new RuleView(vault, schedule == null ? null : schedule.strip(),
          timezone == null || timezone.isBlank() ? DEFAULT_TIMEZONE : timezone,
          startWindowMinutes, completionWindowMinutes, moveToColdStorageAfterDays, deleteAfterDays,
          recoveryPointTags, continuousBackup, copyActions);
    }

    private static long window(Long value, int defaultValue) {
      return value == null ? defaultValue : value;
    }

    /** A lifecycle value of {@code -1} (or none) means "never" (API Lifecycle). */
    private static Long days(Long value) {
      return value == null || value <= 0 ? null : value;
    }

    private static Long cold(Lifecycle lifecycle) {
      return lifecycle == null ? null : days(lifecycle.moveToColdStorageAfterDays());
    }

    private static Long delete(Lifecycle lifecycle) {
      return lifecycle == null ? null : days(lifecycle.deleteAfterDays());
    }

    private static Map<String, String> tags(boolean present, Map<String, String> tags) {
      return present ? new TreeMap<>(tags) : Map.of();
    }

    private static List<String> copies(boolean present, List<CopyAction> actions) {
      if (!present) {
        return List.of();
      }
      return actions.stream().map(a -> a.destinationBackupVaultArn()
          + (a.lifecycle() == null ? "" : " (delete after " + a.lifecycle().deleteAfterDays() + " days)")).sorted().toList();
    }
  }

  /**
   * The plan document for {@code spec}: every rule targets {@code vaultName}, runs in UTC and tags
   * its recovery points with {@code commonTags} plus the rule's own {@code recoveryPointTags}.
   */
  static BackupPlanInput desired(String planName, String vaultName, BackupSpec spec, Map<String, String> commonTags) {
    List<BackupRuleInput> rules = new ArrayList<>();
    for (BackupSpec.Rule rule : spec.rules()) {
      Map<String, String> tags = new TreeMap<>(commonTags);
      tags.putAll(rule.recoveryPointTags());
      rules.add(BackupRuleInput.builder()
          .ruleName(rule.name())
          .targetBackupVaultName(vaultName)
          .scheduleExpression(rule.schedule())
          .scheduleExpressionTimezone(DEFAULT_TIMEZONE)
          .startWindowMinutes(rule.startWindowMinutes().longValue())
          .completionWindowMinutes(rule.completionWindowMinutes().longValue())
          .lifecycle(Lifecycle.builder()
              .moveToColdStorageAfterDays(rule.moveToColdStorageAfterDays() == null
                  ? null : rule.moveToColdStorageAfterDays().longValue())
              .deleteAfterDays((long) rule.deleteAfterDays())
              .build())
          .recoveryPointTags(tags)
          .build());
    }
    return BackupPlanInput.builder().backupPlanName(planName).rules(rules).build();
  }

  /** What differs between the desired document and the plan AWS holds, in words; empty when equal. */
  static List<String> differences(BackupPlanInput desired, BackupPlan actual) {
    List<String> result = new ArrayList<>();
    if (!Objects.equals(desired.backupPlanName(), actual.backupPlanName())) {
      result.add("plan name is \"" + actual.backupPlanName() + "\", expected \"" + desired.backupPlanName() + "\"");
    }
    Map<String, RuleView> expected = new LinkedHashMap<>();
    desired.rules().forEach(r -> expected.put(r.ruleName(), RuleView.of(r)));
    Map<String, RuleView> found = new LinkedHashMap<>();
    if (actual.hasRules()) {
      actual.rules().forEach(r -> found.putIfAbsent(r.ruleName(), RuleView.of(r)));
    }
    expected.forEach((name, rule) -> {
      RuleView other = found.get(name);
      if (other == null) {
        result.add("rule " + name + " is missing");
      } else {
        compare(name, rule, other, result);
      }
    });
    found.keySet().stream().filter(name -> !expected.containsKey(name))
        .forEach(name -> result.add("rule " + name + " is not in the spec"));
    return result;
  }

  private static void compare(String name, RuleView expected, RuleView actual, List<String> result) {
    String prefix = "rule " + name + ": ";
    field(prefix, "target vault", expected.vault(), actual.vault(), result);
    field(prefix, "schedule", expected.schedule(), actual.schedule(), result);
    field(prefix, "schedule time zone", expected.timezone(), actual.timezone(), result);
    field(prefix, "startWindowMinutes", expected.startWindowMinutes(), actual.startWindowMinutes(), result);
    field(prefix, "completionWindowMinutes", expected.completionWindowMinutes(), actual.completionWindowMinutes(),
        result);
    field(prefix, "moveToColdStorageAfterDays", expected.moveToColdStorageAfterDays(),
        actual.moveToColdStorageAfterDays(), result);
    field(prefix, "deleteAfterDays", expected.deleteAfterDays(), actual.deleteAfterDays(), result);
    field(prefix, "recovery point tags", expected.recoveryPointTags(), actual.recoveryPointTags(), result);
    field(prefix, "continuous backup", expected.continuousBackup(), actual.continuousBackup(), result);
    field(prefix, "copy actions", expected.copyActions(), actual.copyActions(), result);
  }

  private static void field(String prefix, String what, Object expected, Object actual, List<String> result) {
    if (!Objects.equals(expected, actual)) {
      result.add(prefix + what + " is " + shown(actual) + ", expected " + shown(expected));
    }
  }

  private static String shown(Object value) {
    return value == null ? "not set" : value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
