package io.provisioner.steps.data.rds;

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
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.OptionGroupMembership;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * How a live DB instance differs from the spec, computed without any call: every difference in
 * words, the ones that cannot be fixed in place ({@link #blockers()}, each naming the field and what
 * to do), and the one ModifyDBInstance request ({@code ApplyImmediately=true}) that fixes the rest.
 *
 * <p>Settings the service does not report (an absent field) read as off / empty.
 */
final class InstanceDrift {
  private final String label;
  private final String identifier;
  private final List<String> differences = new ArrayList<>();
  private final List<String> blockers = new ArrayList<>();
  private final ModifyDbInstanceRequest.Builder modify;
  private boolean modified;

  private InstanceDrift(String label, String identifier) {
    this.label = label;
    this.identifier = identifier;
    this.modify = ModifyDbInstanceRequest.builder().dbInstanceIdentifier(identifier).applyImmediately(true);
  }

  /** The primary against the spec. */
  static InstanceDrift primary(RdsSpec spec, Upstream up, DBInstance live) {
    InstanceDrift drift = new InstanceDrift("DB instance " + spec.identifier(), spec.identifier());
    drift.shared(spec, up, spec.instanceClass(), live);
    drift.primaryOnly(spec, up, live);
    return drift;
  }

  /** A read replica against the spec. */
  static InstanceDrift replica(RdsSpec spec, RdsSpec.Replica replica, Upstream up, DBInstance live) {
    String id = RdsNames.replicaIdentifier(spec.identifier(), replica.availabilityZone());
    InstanceDrift drift = new InstanceDrift("read replica " + id, id);
    if (!spec.identifier().equals(live.readReplicaSourceDBInstanceIdentifier())) {
      drift.blocker("is not a read replica of " + spec.identifier() + " (its source is "
          + Optional.ofNullable(live.readReplicaSourceDBInstanceIdentifier()).orElse("none")
          + "); delete or rename that instance and run up again");
    }
    if (!replica.availabilityZone().equals(live.availabilityZone())) {
      drift.blocker("availability zone is " + live.availabilityZone() + ", expected " + replica.availabilityZone()
          + "; a replica cannot move: delete it and run up again to recreate it there");
    }
    drift.shared(spec, up, spec.classOf(replica), live);
    return drift;
  }

  /** Every difference in words, blockers included. */
  List<String> differences() {
    return List.copyOf(differences);
  }

  /** The differences that cannot be fixed in place, each with what to do. */
  List<String> blockers() {
    return List.copyOf(blockers);
  }

  /** The ModifyDBInstance request that fixes the in-place differences; empty when there are none. */
  Optional<ModifyDbInstanceRequest> modification() {
    return modified ? Optional.of(modify.build()) : Optional.empty();
  }

  // ---------------------------------------------------------------- settings of primary and replicas

  private void shared(RdsSpec spec, Upstream up, String instanceClass, DBInstance live) {
    if (!Boolean.TRUE.equals(live.storageEncrypted())) {
      blocker("storage is not encrypted; RDS cannot encrypt a DB instance in place: restore an encrypted copy of a "
          + "snapshot (copied with the environment's key) under another identifier, or roll back and run up again");
    } else if (!sameKey(up.keyArn(), live.kmsKeyId())) {
      blocker("storage KMS key is " + live.kmsKeyId() + ", expected " + up.keyArn() + "; RDS cannot change the key "
          + "of a DB instance in place: restore a snapshot copied with the expected key, or roll back and run up again");
    }
    if (!instanceClass.equals(live.dbInstanceClass())) {
      change("instance class is " + live.dbInstanceClass() + ", expected " + instanceClass,
          () -> modify.dbInstanceClass(instanceClass));
    }
    if (!Objects.equals(spec.autoMinorVersionUpgrade(), Boolean.TRUE.equals(live.autoMinorVersionUpgrade()))) {
      change("auto minor version upgrade is " + onOff(Boolean.TRUE.equals(live.autoMinorVersionUpgrade()))
          + ", expected " + onOff(spec.autoMinorVersionUpgrade()),
          () -> modify.autoMinorVersionUpgrade(spec.autoMinorVersionUpgrade()));
    }
    if (Boolean.TRUE.equals(live.publiclyAccessible())) {
      change("is publicly accessible, expected private", () -> modify.publiclyAccessible(false));
    }
    Set<String> groups = new TreeSet<>();
    live.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).forEach(groups::add);
    if (!groups.equals(Set.of(up.securityGroupId()))) {
      change("security groups are " + groups + ", expected [" + up.securityGroupId() + "] (sg.rds)",
          () -> modify.vpcSecurityGroupIds(up.securityGroupId()));
    }
    String parameterGroup = RdsNames.parameterGroup(spec.identifier(), spec.majorVersion());
    List<String> parameterGroups = live.dbParameterGroups().stream()
        .map(DBParameterGroupStatus::dbParameterGroupName).toList();
    if (!parameterGroups.equals(List.of(parameterGroup))) {
      change("parameter group is " + parameterGroups + ", expected " + parameterGroup,
          () -> modify.dbParameterGroupName(parameterGroup));
    }
    performanceInsights(spec, up, live);
    monitoring(spec, up, live);
    logExports(spec, live);
  }

  private void performanceInsights(RdsSpec spec, Upstream up, DBInstance live) {
    boolean wanted = spec.performanceInsights().enabled();
    boolean on = Boolean.TRUE.equals(live.performanceInsightsEnabled());
    int retention = spec.performanceInsights().retentionDays();
    if (wanted && !on) {
      change("Performance Insights is off, expected on", () -> modify.enablePerformanceInsights(true)
          .performanceInsightsKMSKeyId(up.keyArn()).performanceInsightsRetentionPeriod(retention));
    } else if (!wanted && on) {
      change("Performance Insights is on, expected off", () -> modify.enablePerformanceInsights(false));
    } else if (wanted) {
      if (!sameKey(up.keyArn(), live.performanceInsightsKMSKeyId())) {
        blocker("Performance Insights KMS key is " + live.performanceInsightsKMSKeyId() + ", expected " + up.keyArn()
            + "; RDS keeps the key while Performance Insights is on: set performanceInsights.enabled to false, run "
            + "up, then set it back to true and run up again");
      }
      if (!Objects.equals(retention, live.performanceInsightsRetentionPeriod())) {
        change("Performance Insights retention is " + live.performanceInsightsRetentionPeriod() + " days, expected "
            + retention, () -> modify.enablePerformanceInsights(true).performanceInsightsRetentionPeriod(retention));
      }
    }
  }

  private void monitoring(RdsSpec spec, Upstream up, DBInstance live) {
    int interval = spec.monitoringIntervalSeconds();
    int actual = Optional.ofNullable(live.monitoringInterval()).orElse(0);
    boolean roleDiffers = interval > 0 && !Objects.equals(up.monitoringRoleArn(), live.monitoringRoleArn());
    if (interval != actual || roleDiffers) {
      String what = interval != actual
          ? "enhanced monitoring interval is " + actual + "s, expected " + interval + "s"
          : "enhanced monitoring role is " + live.monitoringRoleArn() + ", expected " + up.monitoringRoleArn();
      change(what, () -> {
        modify.monitoringInterval(interval);
        if (interval > 0) {
          modify.monitoringRoleArn(up.monitoringRoleArn());
        }
      });
    }
  }

  private void logExports(RdsSpec spec, DBInstance live) {
    Set<String> expected = new TreeSet<>(spec.logExports());
    Set<String> actual = new TreeSet<>(live.enabledCloudwatchLogsExports());
    if (expected.equals(actual)) {
      return;
    }
    Set<String> enable = new TreeSet<>(expected);
    enable.removeAll(actual);
    Set<String> disable = new TreeSet<>(actual);
    disable.removeAll(expected);
    change("CloudWatch Logs exports are " + actual + ", expected " + expected,
        () -> modify.cloudwatchLogsExportConfiguration(CloudwatchLogsExportConfiguration.builder()
            .enableLogTypes(enable.isEmpty() ? null : enable)
            .disableLogTypes(disable.isEmpty() ? null : disable).build()));
  }

  // ---------------------------------------------------------------- settings of the primary only

  private void primaryOnly(RdsSpec spec, Upstream up, DBInstance live) {
    if (!"postgres".equals(live.engine())) {
      blocker("engine is " + live.engine() + ", expected postgres; an engine cannot change: choose another identifier");
    }
    engineVersion(spec, live);
    if (!spec.masterUsername().equalsIgnoreCase(Objects.toString(live.masterUsername(), ""))) {
      blocker("master username is " + live.masterUsername() + ", expected " + spec.masterUsername()
          + "; RDS cannot rename it: set masterUsername back to " + live.masterUsername());
    }
    if (live.dbName() != null && !spec.databaseName().equals(live.dbName())) {
      blocker("database name is " + live.dbName() + ", expected " + spec.databaseName()
          + "; the initial database cannot be renamed: set databaseName back to " + live.dbName());
    }
    String subnetGroup = RdsNames.subnetGroup(spec.identifier());
    String liveSubnetGroup = live.dbSubnetGroup() == null ? null : live.dbSubnetGroup().dbSubnetGroupName();
    if (!subnetGroup.equals(liveSubnetGroup)) {
      blocker("DB subnet group is " + liveSubnetGroup + ", expected " + subnetGroup
          + "; this tool does not move a database between subnet groups: move it with the RDS console or roll back");
    }
    storage(spec, live);
    if (!Objects.equals(spec.multiAz(), Boolean.TRUE.equals(live.multiAZ()))) {
      change("Multi-AZ is " + onOff(Boolean.TRUE.equals(live.multiAZ())) + ", expected " + onOff(spec.multiAz()),
          () -> modify.multiAZ(spec.multiAz()));
    }
    if (!Objects.equals(spec.backupRetentionDays(), live.backupRetentionPeriod())) {
      change("backup retention is " + live.backupRetentionPeriod() + " days, expected " + spec.backupRetentionDays(),
          () -> modify.backupRetentionPeriod(spec.backupRetentionDays()));
    }
    if (!spec.backupWindow().equals(live.preferredBackupWindow())) {
      change("backup window is " + live.preferredBackupWindow() + ", expected " + spec.backupWindow(),
          () -> modify.preferredBackupWindow(spec.backupWindow()));
    }
    String maintenance = Objects.toString(live.preferredMaintenanceWindow(), "").toLowerCase(Locale.ROOT);
    if (!spec.maintenanceWindow().equals(maintenance)) {
      change("maintenance window is " + live.preferredMaintenanceWindow() + ", expected " + spec.maintenanceWindow(),
          () -> modify.preferredMaintenanceWindow(spec.maintenanceWindow()));
    }
    if (!Objects.equals(spec.deletionProtection(), Boolean.TRUE.equals(live.deletionProtection()))) {
      change("deletion protection is " + onOff(Boolean.TRUE.equals(live.deletionProtection())) + ", expected "
          + onOff(spec.deletionProtection()), () -> modify.deletionProtection(spec.deletionProtection()));
    }
    if (!Boolean.TRUE.equals(live.copyTagsToSnapshot())) {
      change("copy tags to snapshots is off, expected on", () -> modify.copyTagsToSnapshot(true));
    }
    masterSecret(up, live);
    if (spec.optionGroup() != null) {
      String optionGroup = RdsNames.optionGroup(spec.identifier(), spec.majorVersion());
      List<String> memberships = live.optionGroupMemberships().stream()
          .map(OptionGroupMembership::optionGroupName).toList();
      if (!memberships.contains(optionGroup)) {
        change("option group is " + memberships + ", expected " + optionGroup, () -> modify.optionGroupName(optionGroup));
      }
    }
  }

  private void engineVersion(RdsSpec spec, DBInstance live) {
    String actual = live.engineVersion();
    int order = EngineVersions.compare(actual, spec.engineVersion());
    String liveMajor = EngineVersions.major(actual);
    if (order >= 0 && liveMajor.equals(spec.majorVersion())) {
      return; // same, or a newer minor version of the same major (automatic minor upgrades)
    }
    if (order > 0) {
      blocker("engine version is " + actual + ", expected " + spec.engineVersion() + "; a major version cannot be "
          + "downgraded: set engineVersion to " + actual + " or later");
      return;
    }
    boolean major = !liveMajor.equals(spec.majorVersion());
    change("engine version is " + actual + ", expected " + spec.engineVersion(), () -> {
      modify.engineVersion(spec.engineVersion());
      if (major) {
        modify.allowMajorVersionUpgrade(true)
            .dbParameterGroupName(RdsNames.parameterGroup(spec.identifier(), spec.majorVersion()));
      }
    });
  }

  private void storage(RdsSpec spec, DBInstance live) {
    int allocated = Optional.ofNullable(live.allocatedStorage()).orElse(0);
    if (allocated < spec.allocatedStorage()) {
      change("allocated storage is " + allocated + " GiB, expected " + spec.allocatedStorage(),
          () -> modify.allocatedStorage(spec.allocatedStorage()));
    }
    // A larger allocation than the spec's is storage autoscaling at work (storage never shrinks).
    Integer max = live.maxAllocatedStorage();
    boolean autoscaling = max != null && max > allocated;
    if (spec.maxAllocatedStorage() > 0 && !Objects.equals(spec.maxAllocatedStorage(), max)) {
      change("storage autoscaling limit is " + (autoscaling ? max + " GiB" : "off") + ", expected "
          + spec.maxAllocatedStorage() + " GiB", () -> modify.maxAllocatedStorage(spec.maxAllocatedStorage()));
    } else if (spec.maxAllocatedStorage() == 0 && autoscaling) {
      // RDS turns autoscaling off when the limit equals the allocated storage.
      int off = Math.max(allocated, spec.allocatedStorage());
      change("storage autoscaling limit is " + max + " GiB, expected off", () -> modify.maxAllocatedStorage(off));
    }
    if (!spec.storageType().equals(live.storageType())) {
      change("storage type is " + live.storageType() + ", expected " + spec.storageType(),
          () -> modify.storageType(spec.storageType()));
    }
  }

  private void masterSecret(Upstream up, DBInstance live) {
    if (live.masterUserSecret() == null || live.masterUserSecret().secretArn() == null) {
      change("the master password is not managed by RDS in Secrets Manager, expected managed",
          () -> modify.manageMasterUserPassword(true).masterUserSecretKmsKeyId(up.keyArn()));
    } else if (!sameKey(up.keyArn(), live.masterUserSecret().kmsKeyId())) {
      blocker("the master user secret is encrypted with " + live.masterUserSecret().kmsKeyId() + ", expected "
          + up.keyArn() + "; RDS does not change it in place: re-encrypt secret " + live.masterUserSecret().secretArn()
          + " with the expected key in Secrets Manager (UpdateSecret --kms-key-id) and run up again");
    }
  }

  // ---------------------------------------------------------------- helpers

  private void change(String what, Runnable apply) {
    differences.add(label + ": " + what);
    apply.run();
    modified = true;
  }

  private void blocker(String what) {
    String text = label + ": " + what;
    differences.add(text);
    blockers.add(text);
  }

  /** True when {@code actual} names the expected key: its ARN or its key id. */
  static boolean sameKey(String expectedArn, String actual) {
    if (actual == null || expectedArn == null) {
      return false;
    }
    return actual.equals(expectedArn) || expectedArn.endsWith("/" + actual);
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  String identifier() {
    return identifier;
  }
}
