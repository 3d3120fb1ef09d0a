package io.provisioner.steps.data.rds;

import io.provisioner.steps.spec.SpecCheck;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment's PostgreSQL database (seed 000 §RDS PostgreSQL; seed 004 "Multi-AZ is
 * Non-Negotiable", "Use KMS with RDS", read replicas). Storage, Performance Insights and the
 * RDS-managed master password are always encrypted with the environment's KMS key; the instance is
 * never publicly accessible.
 *
 * @param identifier the primary's DB instance identifier, e.g. {@code provisioner-prod-postgres}: 1-63
 *     lowercase letters, digits and hyphens, a letter first, no double or trailing hyphen. It also
 *     names the subnet group ({@code <identifier>-subnets}), the parameter group ({@code
 *     <identifier>-pg<major>}), the option group ({@code <identifier>-og<major>}) and the replicas
 *     ({@code <identifier>-replica-<az>}); it cannot change once created
 * @param engineVersion PostgreSQL version, e.g. {@code 15.4}; its major version (10 or later) gives the
 *     parameter group family {@code postgres<major>}. An instance running a newer minor version of the
 *     same major (automatic minor upgrades) is in sync; an older one is upgraded in place; a major
 *     downgrade is refused
 * @param instanceClass the primary's class, e.g. {@code db.r5.2xlarge}
 * @param allocatedStorage storage in GiB (20-65536); it can grow in place, never shrink
 * @param maxAllocatedStorage storage autoscaling ceiling in GiB, above {@code allocatedStorage}; 0 turns
 *     autoscaling off
 * @param storageType {@code gp3} or {@code gp2}
 * @param databaseName the database created with the instance (letters, digits, underscores)
 * @param masterUsername the master user; its password is generated and kept by RDS in a Secrets
 *     Manager secret encrypted with the environment's key, and never seen by this tool
 * @param multiAz a synchronous standby in a second AZ (seed 004: true in production)
 * @param backupRetentionDays automated backups kept this many days (0-35; at least 1 with replicas)
 * @param backupWindow daily backup window in UTC, {@code hh24:mi-hh24:mi}, at least 30 minutes
 * @param maintenanceWindow weekly maintenance window in UTC, {@code ddd:hh24:mi-ddd:hh24:mi}, 30
 *     minutes to 24 hours, not overlapping the backup window
 * @param deletionProtection RDS refuses to delete the instance (seed: true in production); rollback
 *     then needs {@code --delete-data}
 * @param autoMinorVersionUpgrade minor engine upgrades in the maintenance window, primary and replicas
 * @param performanceInsights Performance Insights, encrypted with the environment's key; null is off
 * @param monitoringIntervalSeconds enhanced monitoring interval: 0 (off), 1, 5, 10, 15, 30 or 60; above
 *     0 it uses the {@code rds-monitoring} role of {@code security.iam}
 * @param logExports logs published to CloudWatch Logs: {@code postgresql}, {@code upgrade}, {@code
 *     iam-db-auth-error}
 * @param parameters the parameter group's settings, name to value (e.g. {@code rds.force_ssl: "1"});
 *     dynamic ones apply at once, static ones at the next reboot
 * @param optionGroup an option group of the instance's own; null keeps the engine's default group
 * @param replicas read replicas, one per AZ, in distinct AZs
 * @param backupTag tag the primary {@code backup=true}, which the AWS Backup selection picks up
 */
public record RdsSpec(
    String identifier,
    String engineVersion,
    String instanceClass,
    int allocatedStorage,
    int maxAllocatedStorage,
    String storageType,
    String databaseName,
    String masterUsername,
    boolean multiAz,
    int backupRetentionDays,
    String backupWindow,
    String maintenanceWindow,
    boolean deletionProtection,
    boolean autoMinorVersionUpgrade,
    PerformanceInsights performanceInsights,
    int monitoringIntervalSeconds,
    List<String> logExports,
    Map<String, String> parameters,
    OptionGroup optionGroup,
    List<Replica> replicas,
    boolean backupTag) {

  static final int MAX_IDENTIFIER = 63;
  static final Set<Integer> MONITORING_INTERVALS = Set.of(0, 1, 5, 10, 15, 30, 60);
  static final Set<String> LOG_TYPES = Set.of("postgresql", "upgrade", "iam-db-auth-error");
  static final Set<String> STORAGE_TYPES = Set.of("gp2", "gp3");

  /**
   * Performance Insights.
   *
   * @param enabled on or off
   * @param retentionDays 7 (free tier), a multiple of 31 up to 713 (months), or 731
   */
  public record PerformanceInsights(boolean enabled, int retentionDays) {
    public PerformanceInsights {
      SpecCheck.of()
          .require(!enabled || validRetention(retentionDays), "retentionDays",
              retentionDays + " is not a Performance Insights retention; use 7, a multiple of 31 up to 713, or 731")
          .done();
    }

    static boolean validRetention(int days) {
      return days == 7 || days == 731 || (days >= 31 && days <= 713 && days % 31 == 0);
    }
  }

  /**
   * An option group of the instance's own.
   *
   * @param options the options it holds (PostgreSQL has few; an empty list is a valid group)
   */
  public record OptionGroup(List<Option> options) {
    public OptionGroup {
      options = options == null ? List.of() : List.copyOf(options);
      Set<String> names = new HashSet<>();
      SpecCheck.of()
          .require(options.stream().allMatch(o -> names.add(o.name())), "options", "each option may appear once")
          .done();
    }
  }

  /**
   * One option of the option group.
   *
   * @param name option name, e.g. {@code OEM_AGENT}
   * @param settings option settings, name to value
   */
  public record Option(String name, Map<String, String> settings) {
    public Option {
      settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
      SpecCheck.of().notBlank(name, "name").done();
    }
  }

  /**
   * A read replica of the primary, identified by its AZ: {@code <identifier>-replica-<az>}.
   *
   * @param availabilityZone the AZ it runs in, e.g. {@code us-east-1b}
   * @param instanceClass its class, e.g. {@code db.r5.xlarge}; null takes the primary's
   */
  public record Replica(String availabilityZone, String instanceClass) {
    public Replica {
      SpecCheck.of()
          .require(availabilityZone != null && availabilityZone.matches("[a-z]{2}(-[a-z]+)+-[0-9][a-z]"),
              "availabilityZone", "must be an AZ name such as us-east-1b")
          .require(instanceClass == null || validClass(instanceClass), "instanceClass",
              "must be a DB instance class such as db.r5.xlarge, or left out to take the primary's")
          .done();
    }
  }

  public RdsSpec {
    storageType = storageType == null ? null : storageType.toLowerCase(Locale.ROOT);
    maintenanceWindow = maintenanceWindow == null ? null : maintenanceWindow.toLowerCase(Locale.ROOT);
    performanceInsights = performanceInsights == null ? new PerformanceInsights(false, 0) : performanceInsights;
    logExports = logExports == null ? List.of() : List.copyOf(logExports);
    parameters = parameters == null ? Map.of() : orderedCopy(parameters);
    replicas = replicas == null ? List.of() : List.copyOf(replicas);

    SpecCheck check = SpecCheck.of()
        .require(validIdentifier(identifier), "identifier",
            "must be 1-63 lowercase letters, digits and hyphens, start with a letter, and have no double or "
                + "trailing hyphen (RDS stores identifiers in lowercase)")
        .require(engineVersion != null && engineVersion.matches("[1-9][0-9]+(\\.[0-9]+)*"), "engineVersion",
            "must be a PostgreSQL version of 10 or later, such as 15.4")
        .require(instanceClass != null && validClass(instanceClass), "instanceClass",
            "must be a DB instance class such as db.r5.2xlarge")
        .range(allocatedStorage, 20, 65536, "allocatedStorage")
        .require(maxAllocatedStorage == 0 || (maxAllocatedStorage > allocatedStorage && maxAllocatedStorage <= 65536),
            "maxAllocatedStorage", "must be above allocatedStorage (at most 65536), or 0 to turn storage autoscaling off")
        .require(storageType != null && STORAGE_TYPES.contains(storageType), "storageType",
            "must be gp3 or gp2 (provisioned-IOPS types need settings this spec does not have)")
        .require(databaseName != null && databaseName.matches("[a-zA-Z][a-zA-Z0-9_]{0,62}"), "databaseName",
            "must be 1-63 letters, digits or underscores, starting with a letter")
        .require(masterUsername != null && masterUsername.matches("[a-zA-Z][a-zA-Z0-9_]{0,62}")
                && !"rdsadmin".equalsIgnoreCase(masterUsername), "masterUsername",
            "must be 1-63 letters, digits or underscores, starting with a letter, and not the reserved rdsadmin")
        .range(backupRetentionDays, replicas.isEmpty() ? 0 : 1, 35, "backupRetentionDays")
        .require(MONITORING_INTERVALS.contains(monitoringIntervalSeconds), "monitoringIntervalSeconds",
            monitoringIntervalSeconds + " is not an enhanced monitoring interval; use 0 (off), 1, 5, 10, 15, 30 or 60")
        .require(LOG_TYPES.containsAll(logExports), "logExports",
            "each entry must be one of postgresql, upgrade, iam-db-auth-error")
        .require(new HashSet<>(logExports).size() == logExports.size(), "logExports", "each log type may appear once")
        .require(parameters.entrySet().stream().allMatch(e -> e.getKey() != null
                && e.getKey().matches("[a-z_][a-z0-9_.]*") && e.getValue() != null && !e.getValue().isBlank()),
            "parameters", "each entry must be a lowercase parameter name with a non-empty value");
    checkWindows(check, backupWindow, maintenanceWindow);
    checkReplicas(check, identifier, replicas);
    if (!replicas.isEmpty() && backupRetentionDays == 0) {
      check.require(false, "replicas", "read replicas need automated backups: set backupRetentionDays to 1 or more");
    }
    check.done();
  }

  /** The engine's major version, e.g. {@code 15} for {@code 15.4}. */
  public String majorVersion() {
    int dot = engineVersion.indexOf('.');
    return dot < 0 ? engineVersion : engineVersion.substring(0, dot);
  }

  /** The parameter group family, {@code postgres<major>}. */
  public String parameterGroupFamily() {
    return "postgres" + majorVersion();
  }

  /** The class of a replica: its own, or the primary's. */
  String classOf(Replica replica) {
    return Optional.ofNullable(replica.instanceClass()).orElse(instanceClass);
  }

  static boolean validIdentifier(String id) {
    return id != null && id.length() <= MAX_IDENTIFIER && id.matches("[a-z][a-z0-9-]*")
        && !id.contains("--") && !id.endsWith("-");
  }

  static boolean validClass(String instanceClass) {
    return instanceClass.matches("db\\.[a-z0-9]+\\.[a-z0-9]+");
  }

  private static void checkWindows(SpecCheck check, String backupWindow, String maintenanceWindow) {
    Optional<Windows.Span> backup = Windows.daily(backupWindow);
    Optional<Windows.Span> maintenance = Windows.weekly(maintenanceWindow);
    check.require(backup.isPresent(), "backupWindow", "must be hh24:mi-hh24:mi in UTC, e.g. 03:00-04:00");
    check.require(maintenance.isPresent(), "maintenanceWindow",
        "must be ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. mon:04:00-mon:05:00");
    backup.ifPresent(b -> check.require(b.length() >= 30, "backupWindow", "must be at least 30 minutes long"));
    maintenance.ifPresent(m -> check.require(m.length() >= 30 && m.length() <= Windows.MINUTES_PER_DAY,
        "maintenanceWindow", "must be from 30 minutes to 24 hours long"));
    if (backup.isPresent() && maintenance.isPresent()) {
      check.require(!Windows.overlap(backup.get(), maintenance.get()), "maintenanceWindow",
          "overlaps the daily backup window " + backupWindow + "; move one of them");
    }
  }

  private static void checkReplicas(SpecCheck check, String identifier, List<Replica> replicas) {
    Set<String> azs = new HashSet<>();
    for (int i = 0; i < replicas.size(); i++) {
      Replica replica = replicas.get(i);
      check.require(azs.add(replica.availabilityZone()), "replicas[" + i + "].availabilityZone",
          replica.availabilityZone() + " is given twice; each replica needs an AZ of its own");
      if (validIdentifier(identifier)) {
        String id = RdsNames.replicaIdentifier(identifier, replica.availabilityZone());
        check.require(id.length() <= MAX_IDENTIFIER, "replicas[" + i + "]",
            "its identifier " + id + " is longer than 63 characters; shorten identifier");
      }
    }
  }

  /** The parameters sorted by name; null names or values are kept for the check to report. */
  private static Map<String, String> orderedCopy(Map<String, String> parameters) {
    Map<String, String> sorted = new TreeMap<>(Comparator.nullsFirst(Comparator.<String>naturalOrder()));
    sorted.putAll(parameters);
    return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
  }
}
