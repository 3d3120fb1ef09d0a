package io.provisioner.steps.data.rds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.MasterUserSecret;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

class InstanceDriftTest {
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String ROLE = "arn:aws:iam::111122223333:role/provisioner/rds-monitoring";
  private static final RdsSpec SPEC = RdsTestSpecs.prod("provisioner-prod-postgres");
  private static final Upstream UP = new Upstream(KEY, ROLE,
      new TreeMap<>(Map.of("us-east-1a", "subnet-a", "us-east-1b", "subnet-b")), "sg-rds");

  /** The primary exactly as the prod spec wants it. */
  private static DBInstance.Builder inSync() {
    return DBInstance.builder().dbInstanceIdentifier("provisioner-prod-postgres").dbInstanceStatus("available")
        .engine("postgres").engineVersion("15.4").dbInstanceClass("db.r5.2xlarge")
        .allocatedStorage(100).maxAllocatedStorage(1000).storageType("gp3").storageEncrypted(true).kmsKeyId(KEY)
        .dbName("app").masterUsername("app_admin")
        .masterUserSecret(MasterUserSecret.builder().secretArn("arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-1")
            .kmsKeyId(KEY).build())
        .multiAZ(true).backupRetentionPeriod(30).preferredBackupWindow("03:00-04:00")
        .preferredMaintenanceWindow("mon:04:00-mon:05:00").deletionProtection(true).copyTagsToSnapshot(true)
        .performanceInsightsEnabled(true).performanceInsightsKMSKeyId(KEY).performanceInsightsRetentionPeriod(7)
        .monitoringInterval(60).monitoringRoleArn(ROLE).enabledCloudwatchLogsExports("upgrade", "postgresql")
        .publiclyAccessible(false).autoMinorVersionUpgrade(true)
        .vpcSecurityGroups(VpcSecurityGroupMembership.builder().vpcSecurityGroupId("sg-rds").status("active").build())
        .dbSubnetGroup(DBSubnetGroup.builder().dbSubnetGroupName("provisioner-prod-postgres-subnets").build())
        .dbParameterGroups(DBParameterGroupStatus.builder().dbParameterGroupName("provisioner-prod-postgres-pg15").build());
  }

  private static InstanceDrift drift(UnaryOperator<DBInstance.Builder> change) {
    return InstanceDrift.primary(SPEC, UP, change.apply(inSync()).build());
  }

  @Test
  void primary_asSpecified_hasNoDifferenceAndNoModification() {
    InstanceDrift drift = drift(b -> b);

    assertThat(drift.differences()).isEmpty();
    assertThat(drift.modification()).isEmpty();
  }

  @Test
  void primary_newerMinorVersionAndAutoscaledStorage_areInSync() {
    assertThat(drift(b -> b.engineVersion("15.10").allocatedStorage(180)).differences()).isEmpty();
  }

  @Test
  void primary_inPlaceDrift_isNamedAndGoesIntoOneModification() {
    InstanceDrift drift = drift(b -> b.backupRetentionPeriod(7).deletionProtection(false).multiAZ(false)
        .dbInstanceClass("db.r5.large").monitoringInterval(0).performanceInsightsEnabled(false)
        .enabledCloudwatchLogsExports("postgresql").publiclyAccessible(true).preferredMaintenanceWindow("Sun:05:00-Sun:06:00"));

    assertThat(drift.blockers()).isEmpty();
    assertThat(drift.differences()).contains(
        "DB instance provisioner-prod-postgres: backup retention is 7 days, expected 30",
        "DB instance provisioner-prod-postgres: deletion protection is off, expected on",
        "DB instance provisioner-prod-postgres: Multi-AZ is off, expected on",
        "DB instance provisioner-prod-postgres: instance class is db.r5.large, expected db.r5.2xlarge",
        "DB instance provisioner-prod-postgres: enhanced monitoring interval is 0s, expected 60s",
        "DB instance provisioner-prod-postgres: Performance Insights is off, expected on",
        "DB instance provisioner-prod-postgres: CloudWatch Logs exports are [postgresql], expected [postgresql, upgrade]",
        "DB instance provisioner-prod-postgres: is publicly accessible, expected private",
        "DB instance provisioner-prod-postgres: maintenance window is Sun:05:00-Sun:06:00, expected mon:04:00-mon:05:00");
    ModifyDbInstanceRequest m = drift.modification().orElseThrow();
    assertThat(m.applyImmediately()).isTrue();
    assertThat(m.backupRetentionPeriod()).isEqualTo(30);
    assertThat(m.deletionProtection()).isTrue();
    assertThat(m.multiAZ()).isTrue();
    assertThat(m.dbInstanceClass()).isEqualTo("db.r5.2xlarge");
    assertThat(m.monitoringInterval()).isEqualTo(60);
    assertThat(m.monitoringRoleArn()).isEqualTo(ROLE);
    assertThat(m.enablePerformanceInsights()).isTrue();
    assertThat(m.performanceInsightsKMSKeyId()).isEqualTo(KEY);
    assertThat(m.performanceInsightsRetentionPeriod()).isEqualTo(7);
    assertThat(m.cloudwatchLogsExportConfiguration().enableLogTypes()).containsExactly("upgrade");
    assertThat(m.cloudwatchLogsExportConfiguration().hasDisableLogTypes()).isFalse();
    assertThat(m.publiclyAccessible()).isFalse();
    assertThat(m.preferredMaintenanceWindow()).isEqualTo("mon:04:00-mon:05:00");
    assertThat(m.engineVersion()).isNull();
  }

  @Test
  void primary_olderMajorVersion_isUpgradedWithTheNewFamilysGroup() {
    ModifyDbInstanceRequest m = drift(b -> b.engineVersion("14.9")).modification().orElseThrow();

    assertThat(m.engineVersion()).isEqualTo("15.4");
    assertThat(m.allowMajorVersionUpgrade()).isTrue();
    assertThat(m.dbParameterGroupName()).isEqualTo("provisioner-prod-postgres-pg15");
  }

  @Test
  void primary_whatCannotChangeInPlace_isABlockerNamingTheFieldAndTheFix() {
    InstanceDrift drift = drift(b -> b.engineVersion("16.1").kmsKeyId("arn:aws:kms:us-east-1:111122223333:key/other")
        .masterUsername("postgres").dbSubnetGroup(DBSubnetGroup.builder().dbSubnetGroupName("default").build()));

    assertThat(drift.blockers()).hasSize(4);
    assertThat(String.join("\n", drift.blockers()))
        .contains("engine version is 16.1, expected 15.4; a major version cannot be downgraded: set engineVersion to 16.1")
        .contains("storage KMS key is arn:aws:kms:us-east-1:111122223333:key/other, expected " + KEY)
        .contains("master username is postgres, expected app_admin")
        .contains("DB subnet group is default, expected provisioner-prod-postgres-subnets");
  }

  @Test
  void primary_unencryptedStorage_isABlocker_andKeyIdMatchesItsArn() {
    assertThat(drift(b -> b.storageEncrypted(false)).blockers()).singleElement().asString()
        .contains("storage is not encrypted");
    assertThat(drift(b -> b.kmsKeyId("1234abcd-12ab-34cd-56ef-1234567890ab")).differences()).isEmpty();
  }

  @Test
  void primary_withoutManagedPassword_turnsItOnWithTheKey() {
    ModifyDbInstanceRequest m = drift(b -> b.masterUserSecret((MasterUserSecret) null)).modification().orElseThrow();

    assertThat(m.manageMasterUserPassword()).isTrue();
    assertThat(m.masterUserSecretKmsKeyId()).isEqualTo(KEY);
  }

  @Test
  void primary_autoscalingOffInSpec_setsLimitToAllocatedStorage() {
    RdsSpec noAutoscaling = new RdsSpec("pg", "15.4", "db.r5.2xlarge", 100, 0, "gp3", "app", "app_admin", true, 30,
        "03:00-04:00", "mon:04:00-mon:05:00", true, true, new RdsSpec.PerformanceInsights(true, 7), 60,
        List.of("postgresql", "upgrade"), Map.of(), null, List.of(), true);

    InstanceDrift drift = InstanceDrift.primary(noAutoscaling, UP, inSync().dbInstanceIdentifier("pg")
        .dbSubnetGroup(DBSubnetGroup.builder().dbSubnetGroupName("pg-subnets").build())
        .dbParameterGroups(DBParameterGroupStatus.builder().dbParameterGroupName("pg-pg15").build()).build());

    assertThat(drift.differences()).containsExactly("DB instance pg: storage autoscaling limit is 1000 GiB, expected off");
    assertThat(drift.modification().orElseThrow().maxAllocatedStorage()).isEqualTo(100);
  }

  @Test
  void replica_comparesItsOwnSettings_andBlocksOnAnotherSourceOrAz() {
    RdsSpec.Replica replica = SPEC.replicas().get(0);
    DBInstance.Builder live = inSync().dbInstanceIdentifier("provisioner-prod-postgres-replica-us-east-1b")
        .readReplicaSourceDBInstanceIdentifier("provisioner-prod-postgres").availabilityZone("us-east-1b")
        .dbInstanceClass("db.r5.xlarge").multiAZ(false).backupRetentionPeriod(0).deletionProtection(false);

    assertThat(InstanceDrift.replica(SPEC, replica, UP, live.build()).differences()).isEmpty();

    InstanceDrift drift = InstanceDrift.replica(SPEC, replica, UP,
        live.availabilityZone("us-east-1c").readReplicaSourceDBInstanceIdentifier(null).dbInstanceClass("db.r5.large")
            .build());
    assertThat(drift.blockers()).hasSize(2);
    assertThat(drift.differences()).contains(
        "read replica provisioner-prod-postgres-replica-us-east-1b: instance class is db.r5.large, expected db.r5.xlarge");
    assertThat(drift.modification().orElseThrow().dbInstanceClass()).isEqualTo("db.r5.xlarge");
  }
}
