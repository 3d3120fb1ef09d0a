package io.provisioner.steps.data.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** Every attribute of the primary and the replicas, compared and put, without any call. */
class InstanceSettingsTest {
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String ROLE = "arn:aws:iam::111122223333:role/provisioner/rds-monitoring";
  private static final RdsSpec SPEC = RdsTestSpecs.prod("provisioner-prod-postgres");
  private static final Upstream UP = new Upstream(KEY, ROLE,
      new TreeMap<>(Map.of("us-east-1a", "subnet-a", "us-east-1b", "subnet-b")), "sg-rds");

  private final List<ModifyDbInstanceRequest> sent = new ArrayList<>();
  private final InstanceModification modify = new InstanceModification(live -> live, sent::add);

  /** The primary exactly as the prod spec wants it. */
  private static DBInstance.Builder inSync() {
    return DBInstance.builder().dbInstanceIdentifier("provisioner-prod-postgres").dbInstanceStatus("available")
        .engine("postgres").engineVersion("15.4").dbInstanceClass("db.r5.2xlarge")
        .allocatedStorage(100).maxAllocatedStorage(1000).storageType("gp3").iops(3000).storageEncrypted(true).kmsKeyId(KEY)
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

  private List<Setting<DBInstance>> primary() {
    return InstanceSettings.primary(SPEC, UP, modify);
  }

  private static List<String> differences(List<Setting<DBInstance>> settings, DBInstance live) {
    return settings.stream().flatMap(s -> s.differences(live).stream()).toList();
  }

  private List<String> primaryDifferences(UnaryOperator<DBInstance.Builder> change) {
    return differences(primary(), change.apply(inSync()).build());
  }

  private ModifyDbInstanceRequest request(UnaryOperator<DBInstance.Builder> change) {
    primary();
    return modify.request(change.apply(inSync()).build()).orElseThrow();
  }

  @Test
  void primary_asSpecified_hasNoDifferenceAndNoModification() {
    primary();

    assertThat(primaryDifferences(b -> b)).isEmpty();
    assertThat(modify.request(inSync().build())).isEmpty();
  }

  @Test
  void primary_newerMinorVersionAndAutoscaledStorage_areInSync() {
    assertThat(primaryDifferences(b -> b.engineVersion("15.10").allocatedStorage(180))).isEmpty();
  }

  @Test
  void primary_inPlaceDrift_isNamedAttributeByAttribute_andGoesIntoOneModification() {
    UnaryOperator<DBInstance.Builder> drift = b -> b.backupRetentionPeriod(7).deletionProtection(false).multiAZ(false)
        .dbInstanceClass("db.r5.large").monitoringInterval(0).performanceInsightsEnabled(false)
        .enabledCloudwatchLogsExports("postgresql").publiclyAccessible(true).preferredMaintenanceWindow("Sun:05:00-Sun:06:00");

    assertThat(primaryDifferences(drift)).containsExactlyInAnyOrder(
        "backup retention (days) is 7, expected 30",
        "deletion protection is false, expected true",
        "Multi-AZ is false, expected true",
        "instance class is \"db.r5.large\", expected \"db.r5.2xlarge\"",
        "enhanced monitoring interval (seconds) is 0, expected 60",
        "Performance Insights is off, expected on",
        "CloudWatch Logs exports are [postgresql], expected [postgresql, upgrade]",
        "publicly accessible is true, expected false",
        "maintenance window is \"sun:05:00-sun:06:00\", expected \"mon:04:00-mon:05:00\"");
    ModifyDbInstanceRequest m = request(drift);
    assertThat(m.dbInstanceIdentifier()).isEqualTo("provisioner-prod-postgres");
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
    assertThat(m.allocatedStorage()).isNull();
  }

  @Test
  void primary_olderMajorVersion_isUpgradedWithTheNewFamilysGroup() {
    ModifyDbInstanceRequest m = request(b -> b.engineVersion("14.9"));

    assertThat(m.engineVersion()).isEqualTo("15.4");
    assertThat(m.allowMajorVersionUpgrade()).isTrue();
    assertThat(m.dbParameterGroupName()).isEqualTo("provisioner-prod-postgres-pg15");
  }

  @Test
  void primary_olderMinorVersion_isUpgradedWithoutMajorUpgrade() {
    ModifyDbInstanceRequest m = request(b -> b.engineVersion("15.2"));

    assertThat(m.engineVersion()).isEqualTo("15.4");
    assertThat(m.allowMajorVersionUpgrade()).isNull();
  }

  @Test
  void primary_whatCannotChangeInPlace_isFixed_andConvergingItFailsNamingTheFix() {
    DBInstance live = inSync().engineVersion("16.1").kmsKeyId("arn:aws:kms:us-east-1:111122223333:key/other")
        .masterUsername("postgres").dbSubnetGroup(DBSubnetGroup.builder().dbSubnetGroupName("default").build()).build();
    List<Setting<DBInstance>> settings = primary();

    assertThat(differences(settings, live)).containsExactlyInAnyOrder(
        "engine major version is \"16\", expected \"15\" (fixed at creation)",
        "storage KMS key is \"arn:aws:kms:us-east-1:111122223333:key/other\", expected \"" + KEY + "\" (fixed at creation)",
        "master username is \"postgres\", expected \"app_admin\" (fixed at creation)",
        "DB subnet group is \"default\", expected \"provisioner-prod-postgres-subnets\" (fixed at creation)");
    Setting<DBInstance> first = settings.stream().filter(s -> !s.differences(live).isEmpty()).findFirst().orElseThrow();
    assertThatThrownBy(() -> first.apply(live)).isInstanceOf(StepException.class)
        .hasMessageContaining("a major version cannot be downgraded: set engineVersion to the running version or later");
    assertThat(modify.request(live)).as("a newer major is not downgraded").isEmpty();
  }

  @Test
  void primary_unencryptedStorage_isFixed_andAKeyIdMatchesItsArn() {
    assertThat(primaryDifferences(b -> b.storageEncrypted(false).kmsKeyId(null)))
        .containsExactly("storage encryption is false, expected true (fixed at creation)");
    assertThat(primaryDifferences(b -> b.kmsKeyId("1234abcd-12ab-34cd-56ef-1234567890ab"))).isEmpty();
  }

  @Test
  void primary_otherIdentifier_isFixed() {
    assertThat(primaryDifferences(b -> b.dbInstanceIdentifier("old-postgres"))).containsExactly(
        "identifier is \"old-postgres\", expected \"provisioner-prod-postgres\" (fixed at creation)");
  }

  @Test
  void primary_withoutManagedPassword_turnsItOnWithTheKey() {
    ModifyDbInstanceRequest m = request(b -> b.masterUserSecret((MasterUserSecret) null));

    assertThat(m.manageMasterUserPassword()).isTrue();
    assertThat(m.masterUserSecretKmsKeyId()).isEqualTo(KEY);
  }

  @Test
  void primary_storageBelowSpecOnGp3_growsWithTheCurrentIops() {
    ModifyDbInstanceRequest m = request(b -> b.allocatedStorage(80));

    assertThat(m.allocatedStorage()).isEqualTo(100);
    assertThat(m.iops()).as("ModifyDBInstance: growing gp3/io1/io2 storage needs Iops").isEqualTo(3000);
  }

  @Test
  void primary_autoscalingOffInSpec_setsLimitToAllocatedStorage() {
    RdsSpec noAutoscaling = new RdsSpec("pg", "15.4", "db.r5.2xlarge", 100, 0, "gp3", "app", "app_admin", true, 30,
        "03:00-04:00", "mon:04:00-mon:05:00", true, true, new RdsSpec.PerformanceInsights(true, 7), 60,
        List.of("postgresql", "upgrade"), Map.of(), null, List.of(), true);
    DBInstance live = inSync().dbInstanceIdentifier("pg")
        .dbSubnetGroup(DBSubnetGroup.builder().dbSubnetGroupName("pg-subnets").build())
        .dbParameterGroups(DBParameterGroupStatus.builder().dbParameterGroupName("pg-pg15").build()).build();

    assertThat(differences(InstanceSettings.primary(noAutoscaling, UP, modify), live))
        .containsExactly("storage autoscaling limit (GiB) is 1000, expected off");
    assertThat(modify.request(live).orElseThrow().maxAllocatedStorage()).isEqualTo(100);
  }

  @Test
  void replica_comparesItsOwnSettings_andIsFixedToItsSourceAndAz() {
    RdsSpec.Replica replica = SPEC.replicas().get(0);
    DBInstance.Builder live = inSync().dbInstanceIdentifier("provisioner-prod-postgres-replica-us-east-1b")
        .readReplicaSourceDBInstanceIdentifier("provisioner-prod-postgres").availabilityZone("us-east-1b")
        .dbInstanceClass("db.r5.xlarge").multiAZ(false).backupRetentionPeriod(0).deletionProtection(false);
    List<Setting<DBInstance>> settings = InstanceSettings.replica(SPEC, replica, "provisioner-prod-postgres", UP, modify);

    assertThat(differences(settings, live.build())).isEmpty();

    DBInstance moved = live.availabilityZone("us-east-1c").readReplicaSourceDBInstanceIdentifier(null)
        .dbInstanceClass("db.r5.large").build();
    assertThat(differences(settings, moved)).containsExactlyInAnyOrder(
        "source is null, expected \"provisioner-prod-postgres\" (fixed at creation)",
        "availability zone is \"us-east-1c\", expected \"us-east-1b\" (fixed at creation)",
        "instance class is \"db.r5.large\", expected \"db.r5.xlarge\"");
    assertThat(modify.request(moved).orElseThrow().dbInstanceClass()).isEqualTo("db.r5.xlarge");
  }

  @Test
  void replica_createResponseWithoutPlacement_isNotAMove() {
    DBInstance created = inSync().dbInstanceIdentifier("provisioner-prod-postgres-replica-us-east-1b")
        .dbInstanceStatus("creating").readReplicaSourceDBInstanceIdentifier("provisioner-prod-postgres")
        .availabilityZone(null).dbInstanceClass("db.r5.xlarge").build();

    assertThat(differences(InstanceSettings.replica(SPEC, SPEC.replicas().get(0), "provisioner-prod-postgres", UP,
        modify), created)).isEmpty();
  }

  @Test
  void modification_isMadeOnceTheInstanceIsSettled_fromWhatIsReadThen() {
    DBInstance settled = inSync().backupRetentionPeriod(7).build();
    InstanceModification settling = new InstanceModification(live -> settled, sent::add);
    InstanceSettings.primary(SPEC, UP, settling);

    settling.apply(inSync().dbInstanceStatus("modifying").backupRetentionPeriod(7).multiAZ(false).build());

    assertThat(sent).singleElement().satisfies(m -> {
      assertThat(m.backupRetentionPeriod()).isEqualTo(30);
      assertThat(m.multiAZ()).as("no longer differs once settled").isNull();
    });
  }

  @Test
  void pending_isAStatusOnTheWay_orAcceptedModifications_butNotAStuckStatus() {
    PrimaryResource primary = new PrimaryResource(null, null, SPEC, () -> UP);

    assertThat(primary.pending(inSync().build())).isEmpty();
    assertThat(primary.pending(inSync().dbInstanceStatus("storage-optimization").build())).isEmpty();
    assertThat(primary.pending(inSync().dbInstanceStatus("modifying").build())).contains("status is modifying");
    assertThat(primary.pending(inSync().pendingModifiedValues(PendingModifiedValues.builder().build()).build())).isEmpty();
    assertThat(primary.pending(inSync().pendingModifiedValues(PendingModifiedValues.builder().backupRetentionPeriod(30)
        .build()).build())).contains("pending modifications [BackupRetentionPeriod=30]");
    assertThat(primary.pending(inSync().dbInstanceStatus("stopped").build())).isEmpty();
    InstanceResource.Status status = new InstanceResource.Status("DB instance pg");
    assertThat(status.differences(inSync().dbInstanceStatus("stopped").build()))
        .containsExactly("status is \"stopped\", expected \"available\"");
    assertThatThrownBy(() -> status.apply(inSync().dbInstanceStatus("stopped").build()))
        .hasMessageStartingWith("DB instance pg is stopped, which data.rds does not change on its own");
  }
}
