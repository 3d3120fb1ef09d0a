package io.provisioner.steps.data.backup;

import io.provisioner.steps.spec.SpecCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment's backup vault and backup plan (seed 000 §AWS Backup): when backups of RDS, EBS
 * and whatever else the selection of {@code data.backup-selection} picks are taken, how long the
 * service may take to start and finish them, and how long they are kept. The vault and the plan
 * are named {@code <project>-<env>-vault} and {@code <project>-<env>-plan}; the vault is encrypted
 * with the environment's key of {@code security.kms}.
 *
 * @param rules the plan's rules, at least one, names unique (e.g. {@code daily} and {@code monthly})
 */
public record BackupSpec(List<Rule> rules) {

  /** AWS Backup's default start window when a rule gives none: 8 hours. */
  public static final int DEFAULT_START_WINDOW_MINUTES = 480;
  /** AWS Backup's default completion window when a rule gives none: 7 days. */
  public static final int DEFAULT_COMPLETION_WINDOW_MINUTES = 10_080;
  /** Largest window AWS accepts: 100 years in minutes (API BackupRuleInput.StartWindowMinutes). */
  public static final int MAX_WINDOW_MINUTES = 52_560_000;
  /** Longest lifecycle AWS accepts: 100 years in days (API BackupRuleInput.Lifecycle). */
  public static final int MAX_LIFECYCLE_DAYS = 36_500;
  /** Shortest start window AWS accepts (API BackupRuleInput.StartWindowMinutes). */
  public static final int MIN_START_WINDOW_MINUTES = 60;
  /** How much longer the completion window must be than the start window. */
  public static final int MIN_COMPLETION_MARGIN_MINUTES = 60;
  /** Minimum stay in cold storage, which retention must leave room for (API Lifecycle). */
  public static final int MIN_COLD_STORAGE_DAYS = 90;

  /**
   * One rule of the backup plan: a schedule, its windows and the retention of the recovery points
   * it creates. The limits checked here are the service's own, so a profile that breaks one is
   * rejected before any AWS call instead of half-way through a run:
   *
   * <ul>
   *   <li>{@code startWindowMinutes} at least 60 and at most 100 years (52,560,000 minutes): AWS
   *       Backup API reference, {@code BackupRuleInput.StartWindowMinutes} — "If this value is
   *       included, it must be at least 60 minutes to avoid errors. This parameter has a maximum
   *       value of 100 years (52,560,000 minutes)."
   *   <li>{@code completionWindowMinutes} at least {@code startWindowMinutes + 60}, at most
   *       52,560,000. The API reference states no minimum for this field
   *       ({@code BackupRuleInput.CompletionWindowMinutes}: "This value is optional"), but the
   *       service rejects a completion window less than 60 minutes longer than the start window
   *       (the constraint as written down by cloudposse/terraform-aws-backup, {@code variables.tf}:
   *       "Must be at least 60 minutes greater than {@code start_window}"); the completion window
   *       counts from the scheduled time, so a shorter one could cancel a job that started late in
   *       its start window ({@code StartBackupJob.CompleteWindowMinutes}: "This value begins
   *       counting down from when the backup was scheduled").
   *   <li>{@code deleteAfterDays} at least {@code moveToColdStorageAfterDays + 90} and at most 100
   *       years (36,500 days): API reference, {@code Lifecycle.DeleteAfterDays} — "This value must
   *       be at least 90 days after the number of days specified in MoveToColdStorageAfterDays",
   *       since "Backups transitioned to cold storage must be stored in cold storage for a minimum
   *       of 90 days"; {@code BackupRuleInput.Lifecycle} — "maximum value of 100 years (36,500
   *       days)".
   *   <li>{@code schedule} a {@code cron(...)} expression: AWS Backup rules take cron expressions
   *       only ({@code BackupRuleInput.ScheduleExpression}: "A CRON expression in UTC"). Only the
   *       {@code cron(} ... {@code )} frame is checked here; the service checks the fields.
   *   <li>{@code name} 1-50 letters, digits, {@code -}, {@code _} or {@code .} (API {@code
   *       BackupRuleName}, pattern {@code ^[a-zA-Z0-9\-\_\.]{1,50}$}).
   * </ul>
   *
   * @param name the rule name, unique in the plan, e.g. {@code daily}
   * @param schedule when backups start, a cron expression in UTC, e.g. {@code cron(0 5 ? * * *)}
   *     (every day at 05:00 UTC) or {@code cron(0 5 1 * ? *)} (the first of every month)
   * @param startWindowMinutes how long after the scheduled time a job may still start before it is
   *     cancelled; optional, AWS's default is 480 (8 hours); at least 60
   * @param completionWindowMinutes how long after the scheduled time a started job may run before
   *     it is cancelled; optional, AWS's default is 10080 (7 days); at least {@code
   *     startWindowMinutes + 60}
   * @param moveToColdStorageAfterDays days after creation a recovery point moves to cold storage;
   *     optional (none: stays warm). AWS applies it only to resource types with cold storage and
   *     ignores it for the others
   * @param deleteAfterDays retention: days after creation a recovery point is deleted; at least
   *     {@code moveToColdStorageAfterDays + 90} when that is set
   * @param recoveryPointTags tags for the recovery points this rule creates, on top of the
   *     profile's common tags (which they always get); optional
   */
  public record Rule(
      String name,
      String schedule,
      Integer startWindowMinutes,
      Integer completionWindowMinutes,
      Integer moveToColdStorageAfterDays,
      int deleteAfterDays,
      Map<String, String> recoveryPointTags) {

    public Rule {
      startWindowMinutes = startWindowMinutes == null ? DEFAULT_START_WINDOW_MINUTES : startWindowMinutes;
      completionWindowMinutes =
          completionWindowMinutes == null ? DEFAULT_COMPLETION_WINDOW_MINUTES : completionWindowMinutes;
      Map<String, String> tags = recoveryPointTags == null ? Map.of() : recoveryPointTags;
      int start = startWindowMinutes;
      int completion = completionWindowMinutes;
      SpecCheck check = SpecCheck.of()
          .require(name != null && name.matches("[A-Za-z0-9_.-]{1,50}"), "name",
              "must be 1-50 letters, digits, '-', '_' or '.'")
          .require(schedule != null && schedule.startsWith("cron(") && schedule.endsWith(")")
                  && schedule.length() > "cron()".length(), "schedule",
              "must be a cron expression in UTC like cron(0 5 ? * * *); AWS Backup takes cron(...) only")
          .range(start, MIN_START_WINDOW_MINUTES, MAX_WINDOW_MINUTES, "startWindowMinutes")
          .require(completion <= MAX_WINDOW_MINUTES, "completionWindowMinutes",
              completion + " is more than AWS's maximum of " + MAX_WINDOW_MINUTES + " (100 years)")
          .require(completion >= (long) start + MIN_COMPLETION_MARGIN_MINUTES, "completionWindowMinutes",
              completion + " must be at least startWindowMinutes + " + MIN_COMPLETION_MARGIN_MINUTES + " = "
                  + ((long) start + MIN_COMPLETION_MARGIN_MINUTES) + "; AWS rejects a shorter completion window")
          .range(deleteAfterDays, 1, MAX_LIFECYCLE_DAYS, "deleteAfterDays");
      if (moveToColdStorageAfterDays != null) {
        int cold = moveToColdStorageAfterDays;
        check.range(cold, 1, MAX_LIFECYCLE_DAYS, "moveToColdStorageAfterDays")
            .require(deleteAfterDays >= (long) cold + MIN_COLD_STORAGE_DAYS, "deleteAfterDays",
                deleteAfterDays + " must be at least moveToColdStorageAfterDays + " + MIN_COLD_STORAGE_DAYS + " = "
                    + ((long) cold + MIN_COLD_STORAGE_DAYS)
                    + ": AWS keeps a recovery point in cold storage for at least 90 days");
      }
      tags.forEach((key, value) -> check
          .require(validTagKey(key), "recoveryPointTags",
              "tag key '" + key + "' must be 1-128 characters and must not start with aws:")
          .require(value != null && value.length() <= 256, "recoveryPointTags",
              "tag '" + key + "' needs a value of at most 256 characters"));
      check.done();
      recoveryPointTags = Collections.unmodifiableMap(new TreeMap<>(tags));
    }
  }

  public BackupSpec {
    rules = rules == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(rules));
    SpecCheck check = SpecCheck.of().notEmpty(rules, "rules");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      check.notNull(rule, "rules[" + i + "]");
      if (rule != null) {
        check.require(names.add(rule.name()), "rules[" + i + "].name",
            "'" + rule.name() + "' is used by an earlier rule; rule names must be unique in the plan");
      }
    }
    check.done();
  }

  /** True for a tag key AWS accepts on user tags: 1-128 characters, not starting with {@code aws:}. */
  static boolean validTagKey(String key) {
    return key != null && !key.isBlank() && key.length() <= 128 && !key.toLowerCase(Locale.ROOT).startsWith("aws:");
  }
}
