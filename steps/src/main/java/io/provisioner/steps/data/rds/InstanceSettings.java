package io.provisioner.steps.data.rds;

import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.rds.model.CloudwatchLogsExportConfiguration;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest.Builder;
import software.amazon.awssdk.services.rds.model.OptionGroupMembership;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * Every attribute of the primary and of a read replica, compared here and nowhere else: first what
 * RDS cannot change in place ({@link Setting#fixed}: converging it fails with what to do instead),
 * then the attributes one {@link InstanceModification} changes. Attributes the service does not
 * report (an absent field) read as off or empty; fixed ones it does not report yet (a create
 * response, before the instance is placed) read as expected.
 */
final class InstanceSettings {
  /** Storage types whose allocated storage grows only together with an Iops value (ModifyDBInstance AllocatedStorage). */
  private static final Set<String> PROVISIONED_IOPS = Set.of("gp3", "io1", "io2");

  private InstanceSettings() {}

  static List<Setting<DBInstance>> primary(RdsSpec spec, Upstream up, InstanceModification modify) {
    String parameterGroup = RdsNames.parameterGroup(spec.identifier(), spec.majorVersion());
    List<Setting<DBInstance>> settings = new ArrayList<>(List.of(
        Setting.fixed("identifier", DBInstance::dbInstanceIdentifier, spec.identifier(), "an RDS instance is not "
            + "renamed in place: set identifier back, or roll back " + RdsStep.ID + " (final snapshot) before changing it"),
        Setting.fixed("engine", DBInstance::engine, "postgres", "choose another identifier"),
        Setting.fixed("engine major version", live -> newerMajor(live, spec) ? major(live) : spec.majorVersion(),
            spec.majorVersion(), "a major version cannot be downgraded: set engineVersion to the running version or later"),
        Setting.fixed("master username", live -> spec.masterUsername().equalsIgnoreCase(live.masterUsername())
            ? spec.masterUsername() : live.masterUsername(), spec.masterUsername(), "set masterUsername back"),
        Setting.fixed("database name", live -> Objects.requireNonNullElse(live.dbName(), spec.databaseName()),
            spec.databaseName(), "the initial database cannot be renamed: set databaseName back"),
        Setting.fixed("DB subnet group", live -> live.dbSubnetGroup() == null ? RdsNames.subnetGroup(spec.identifier())
            : live.dbSubnetGroup().dbSubnetGroupName(), RdsNames.subnetGroup(spec.identifier()),
            "this tool does not move a database between subnet groups: move it with the RDS console, or roll back"),
        Setting.fixed("master user secret KMS key", live -> live.masterUserSecret() == null
            || live.masterUserSecret().kmsKeyId() == null ? up.keyArn() : key(up, live.masterUserSecret().kmsKeyId()),
            up.keyArn(), "re-encrypt the secret with the expected key "
            + "in Secrets Manager (UpdateSecret --kms-key-id) and run up again")));
    settings.addAll(encryption(spec, up));
    modify.add(live -> EngineVersions.compare(live.engineVersion(), spec.engineVersion()) < 0
            ? List.of("engine version is " + Setting.show(live.engineVersion()) + ", expected "
                + Setting.show(spec.engineVersion())) : List.of(),
        (live, b) -> {
          b.engineVersion(spec.engineVersion());
          if (!major(live).equals(spec.majorVersion())) {
            b.allowMajorVersionUpgrade(true).dbParameterGroupName(parameterGroup);
          }
        });
    storage(spec, modify);
    modify.add("Multi-AZ", live -> Boolean.TRUE.equals(live.multiAZ()), spec.multiAz(), Builder::multiAZ)
        .add("backup retention (days)", DBInstance::backupRetentionPeriod, spec.backupRetentionDays(),
            Builder::backupRetentionPeriod)
        .add("backup window", DBInstance::preferredBackupWindow, spec.backupWindow(), Builder::preferredBackupWindow)
        .add("maintenance window", live -> Objects.toString(live.preferredMaintenanceWindow(), "").toLowerCase(Locale.ROOT),
            spec.maintenanceWindow(), Builder::preferredMaintenanceWindow)
        .add("deletion protection", live -> Boolean.TRUE.equals(live.deletionProtection()), spec.deletionProtection(),
            Builder::deletionProtection)
        .add("copy tags to snapshots", live -> Boolean.TRUE.equals(live.copyTagsToSnapshot()), true,
            Builder::copyTagsToSnapshot)
        .add("master password managed by RDS", live -> live.masterUserSecret() != null
            && live.masterUserSecret().secretArn() != null, true,
            (b, on) -> b.manageMasterUserPassword(true).masterUserSecretKmsKeyId(up.keyArn()));
    if (spec.optionGroup() != null) {
      String optionGroup = RdsNames.optionGroup(spec.identifier(), spec.majorVersion());
      modify.add(live -> {
        List<String> groups = live.optionGroupMemberships().stream().map(OptionGroupMembership::optionGroupName).toList();
        return groups.contains(optionGroup) ? List.of() : List.of("option groups are " + groups + ", expected " + optionGroup);
      }, (live, b) -> b.optionGroupName(optionGroup));
    }
    shared(spec, up, spec.instanceClass(), modify);
    settings.add(modify);
    return settings;
  }

  static List<Setting<DBInstance>> replica(RdsSpec spec, RdsSpec.Replica replica, String source, Upstream up,
      InstanceModification modify) {
    List<Setting<DBInstance>> settings = new ArrayList<>(List.of(
        Setting.fixed("source", DBInstance::readReplicaSourceDBInstanceIdentifier, source,
            "it is not a read replica of the primary: delete or rename that instance and run up again"),
        Setting.fixed("availability zone", live -> Objects.requireNonNullElse(live.availabilityZone(),
            replica.availabilityZone()), replica.availabilityZone(),
            "a replica cannot move: delete it and run up again to recreate it there")));
    settings.addAll(encryption(spec, up));
    shared(spec, up, spec.classOf(replica), modify);
    settings.add(modify);
    return settings;
  }

  /** Storage encryption and the keys of storage and Performance Insights, all fixed once set. */
  private static List<Setting<DBInstance>> encryption(RdsSpec spec, Upstream up) {
    return List.of(
        Setting.fixed("storage encryption", live -> Boolean.TRUE.equals(live.storageEncrypted()), true, "RDS cannot "
            + "encrypt a DB instance in place: restore an encrypted copy of a snapshot (copied with the environment's "
            + "key) under another identifier, or roll back and run up again"),
        Setting.fixed("storage KMS key", live -> Boolean.TRUE.equals(live.storageEncrypted()) ? key(up, live.kmsKeyId())
            : up.keyArn(), up.keyArn(), "restore a snapshot copied with the expected key, or roll back and run up again"),
        Setting.fixed("Performance Insights KMS key", live -> spec.performanceInsights().enabled()
            && Boolean.TRUE.equals(live.performanceInsightsEnabled()) ? key(up, live.performanceInsightsKMSKeyId())
            : up.keyArn(), up.keyArn(), "RDS keeps the key while Performance Insights is on: set "
            + "performanceInsights.enabled to false, run up, then set it back to true and run up again"));
  }

  private static void shared(RdsSpec spec, Upstream up, String instanceClass, InstanceModification modify) {
    String parameterGroup = RdsNames.parameterGroup(spec.identifier(), spec.majorVersion());
    int interval = spec.monitoringIntervalSeconds();
    modify.add("instance class", DBInstance::dbInstanceClass, instanceClass, Builder::dbInstanceClass)
        .add("auto minor version upgrade", live -> Boolean.TRUE.equals(live.autoMinorVersionUpgrade()),
            spec.autoMinorVersionUpgrade(), Builder::autoMinorVersionUpgrade)
        .add("publicly accessible", live -> Boolean.TRUE.equals(live.publiclyAccessible()), false,
            Builder::publiclyAccessible)
        .add("security groups", live -> new TreeSet<>(live.vpcSecurityGroups().stream()
                .map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList()),
            new TreeSet<>(Set.of(up.securityGroupId())), (b, groups) -> b.vpcSecurityGroupIds(groups))
        .add("parameter groups", live -> live.dbParameterGroups().stream()
            .map(DBParameterGroupStatus::dbParameterGroupName).toList(), List.of(parameterGroup),
            (b, groups) -> b.dbParameterGroupName(parameterGroup))
        .add("enhanced monitoring interval (seconds)", live -> Objects.requireNonNullElse(live.monitoringInterval(), 0),
            interval, (b, value) -> monitoring(b, interval, up))
        .add("enhanced monitoring role", live -> interval > 0 ? live.monitoringRoleArn() : null, up.monitoringRoleArn(),
            (b, value) -> monitoring(b, interval, up));
    performanceInsights(spec, up, modify);
    logExports(spec, modify);
  }

  private static void performanceInsights(RdsSpec spec, Upstream up, InstanceModification modify) {
    boolean wanted = spec.performanceInsights().enabled();
    int retention = spec.performanceInsights().retentionDays();
    modify.add(live -> {
      boolean on = Boolean.TRUE.equals(live.performanceInsightsEnabled());
      if (on != wanted) {
        return List.of("Performance Insights is " + onOff(on) + ", expected " + onOff(wanted));
      }
      return !wanted || Objects.equals(retention, live.performanceInsightsRetentionPeriod()) ? List.of()
          : List.of("Performance Insights retention (days) is " + live.performanceInsightsRetentionPeriod()
              + ", expected " + retention);
    }, (live, b) -> {
      b.enablePerformanceInsights(wanted);
      if (wanted) {
        b.performanceInsightsRetentionPeriod(retention);
      }
      if (wanted && !Boolean.TRUE.equals(live.performanceInsightsEnabled())) {
        b.performanceInsightsKMSKeyId(up.keyArn());
      }
    });
  }

  private static void logExports(RdsSpec spec, InstanceModification modify) {
    Set<String> expected = new TreeSet<>(spec.logExports());
    modify.add(live -> {
      Set<String> actual = new TreeSet<>(live.enabledCloudwatchLogsExports());
      return actual.equals(expected) ? List.of()
          : List.of("CloudWatch Logs exports are " + actual + ", expected " + expected);
    }, (live, b) -> {
      Set<String> enable = new TreeSet<>(expected);
      enable.removeAll(live.enabledCloudwatchLogsExports());
      Set<String> disable = new TreeSet<>(live.enabledCloudwatchLogsExports());
      disable.removeAll(expected);
      b.cloudwatchLogsExportConfiguration(CloudwatchLogsExportConfiguration.builder()
          .enableLogTypes(enable.isEmpty() ? null : enable).disableLogTypes(disable.isEmpty() ? null : disable).build());
    });
  }

  /**
   * Allocated storage grows, never shrinks (a larger allocation than the spec's is autoscaling at
   * work); storage autoscaling is off when its limit equals the allocation.
   */
  private static void storage(RdsSpec spec, InstanceModification modify) {
    modify.add(live -> allocated(live) < spec.allocatedStorage() ? List.of("allocated storage (GiB) is "
        + allocated(live) + ", expected at least " + spec.allocatedStorage()) : List.of(), (live, b) -> {
          b.allocatedStorage(spec.allocatedStorage());
          if (PROVISIONED_IOPS.contains(live.storageType()) && live.iops() != null) {
            b.iops(live.iops());
          }
        });
    modify.add(live -> {
      Integer max = live.maxAllocatedStorage();
      boolean autoscaling = max != null && max > allocated(live);
      if (spec.maxAllocatedStorage() > 0 && !Objects.equals(spec.maxAllocatedStorage(), max)) {
        return List.of("storage autoscaling limit (GiB) is " + (autoscaling ? max : "off") + ", expected "
            + spec.maxAllocatedStorage());
      }
      return spec.maxAllocatedStorage() == 0 && autoscaling
          ? List.of("storage autoscaling limit (GiB) is " + max + ", expected off") : List.of();
    }, (live, b) -> b.maxAllocatedStorage(spec.maxAllocatedStorage() > 0 ? spec.maxAllocatedStorage()
        : Math.max(allocated(live), spec.allocatedStorage())));
    modify.add("storage type", DBInstance::storageType, spec.storageType(), Builder::storageType);
  }

  /** Interval and role go together: RDS requires MonitoringRoleArn whenever the interval is above 0. */
  private static void monitoring(Builder b, int interval, Upstream up) {
    b.monitoringInterval(interval);
    if (interval > 0) {
      b.monitoringRoleArn(up.monitoringRoleArn());
    }
  }

  private static int allocated(DBInstance live) {
    return Objects.requireNonNullElse(live.allocatedStorage(), 0);
  }

  private static String major(DBInstance live) {
    return EngineVersions.major(live.engineVersion());
  }

  private static boolean newerMajor(DBInstance live, RdsSpec spec) {
    return EngineVersions.compare(major(live), spec.majorVersion()) > 0;
  }

  /** The expected key's ARN when {@code actual} names it (by ARN or key id), else {@code actual}. */
  private static String key(Upstream up, String actual) {
    return up.isKey(actual) ? up.keyArn() : actual;
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }
}
