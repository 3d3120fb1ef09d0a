package io.provisioner.localstack.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;

/** The RDS corrections of the moto shim (patch 5 of moto-shim/README.md), through the SDK v2. */
@ExtendWith(EmulatorExtension.class)
class MotoShimRdsIT {
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
  private static final String ROLE = "arn:aws:iam::123456789012:role/rds-monitoring";
  private RdsClient rds;
  private String id;

  @BeforeEach
  void setUp(Emulator emulator) {
    rds = Clients.of(RdsClient.builder(), emulator);
    id = "shim-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private CreateDbInstanceRequest.Builder instance(String name) {
    return CreateDbInstanceRequest.builder().dbInstanceIdentifier(name).dbInstanceClass("db.t3.micro")
        .engine("postgres").masterUsername("app").masterUserPassword("not-a-real-password").allocatedStorage(20);
  }

  private DBInstance describe(String name) {
    return rds.describeDBInstances(b -> b.dbInstanceIdentifier(name)).dbInstances().get(0);
  }

  @Test
  void performanceInsightsAndMonitoringAreStoredAndReturned() {
    rds.createDBInstance(instance(id).enablePerformanceInsights(true).performanceInsightsKMSKeyId(KEY)
        .performanceInsightsRetentionPeriod(7).monitoringInterval(60).monitoringRoleArn(ROLE).build());

    DBInstance created = describe(id);
    assertThat(created.performanceInsightsEnabled()).isTrue();
    assertThat(created.performanceInsightsKMSKeyId()).isEqualTo(KEY);
    assertThat(created.performanceInsightsRetentionPeriod()).isEqualTo(7);
    assertThat(created.monitoringInterval()).isEqualTo(60);
    assertThat(created.monitoringRoleArn()).isEqualTo(ROLE);

    rds.createDBInstanceReadReplica(b -> b.dbInstanceIdentifier(id + "-replica").sourceDBInstanceIdentifier(id)
        .enablePerformanceInsights(true).performanceInsightsKMSKeyId(KEY).performanceInsightsRetentionPeriod(31)
        .monitoringInterval(30).monitoringRoleArn(ROLE));
    DBInstance replica = describe(id + "-replica");
    assertThat(replica.performanceInsightsEnabled()).isTrue();
    assertThat(replica.performanceInsightsRetentionPeriod()).isEqualTo(31);
    assertThat(replica.monitoringInterval()).isEqualTo(30);
    assertThat(replica.monitoringRoleArn()).isEqualTo(ROLE);

    rds.modifyDBInstance(b -> b.dbInstanceIdentifier(id).enablePerformanceInsights(false).monitoringInterval(0)
        .applyImmediately(true));
    DBInstance off = describe(id);
    assertThat(off.performanceInsightsEnabled()).isFalse();
    assertThat(off.monitoringInterval()).isZero();

    rds.modifyDBInstance(b -> b.dbInstanceIdentifier(id).enablePerformanceInsights(true).performanceInsightsKMSKeyId(KEY)
        .performanceInsightsRetentionPeriod(731).monitoringInterval(15).monitoringRoleArn(ROLE).applyImmediately(true));
    DBInstance on = describe(id);
    assertThat(on.performanceInsightsEnabled()).isTrue();
    assertThat(on.performanceInsightsKMSKeyId()).isEqualTo(KEY);
    assertThat(on.performanceInsightsRetentionPeriod()).isEqualTo(731);
    assertThat(on.monitoringInterval()).isEqualTo(15);

    rds.deleteDBInstance(b -> b.dbInstanceIdentifier(id + "-replica").skipFinalSnapshot(true));
    rds.deleteDBInstance(b -> b.dbInstanceIdentifier(id).skipFinalSnapshot(true));
  }

  @Test
  void instancesWithoutPerformanceInsightsSayFalseAndZero() {
    rds.createDBInstance(instance(id).build());
    DBInstance plain = describe(id);
    assertThat(plain.performanceInsightsEnabled()).isFalse();
    assertThat(plain.monitoringInterval()).isZero();
    rds.deleteDBInstance(b -> b.dbInstanceIdentifier(id).skipFinalSnapshot(true));
  }

  @Test
  void touchingBackupAndMaintenanceWindowsAreAccepted_overlappingOnesAreNot() {
    rds.createDBInstance(instance(id).preferredBackupWindow("03:00-04:00")
        .preferredMaintenanceWindow("mon:04:00-mon:05:00").build());
    DBInstance created = describe(id);
    assertThat(created.preferredBackupWindow()).isEqualTo("03:00-04:00");
    assertThat(created.preferredMaintenanceWindow()).isEqualTo("mon:04:00-mon:05:00");

    rds.modifyDBInstance(b -> b.dbInstanceIdentifier(id).preferredBackupWindow("05:00-06:00")
        .preferredMaintenanceWindow("tue:04:00-tue:05:00").applyImmediately(true));
    assertThat(describe(id).preferredBackupWindow()).isEqualTo("05:00-06:00");

    RdsException overlap = catchThrowableOfType(RdsException.class, () -> rds.modifyDBInstance(b -> b
        .dbInstanceIdentifier(id).preferredBackupWindow("04:30-05:30").applyImmediately(true)));
    assertThat(overlap.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    rds.deleteDBInstance(b -> b.dbInstanceIdentifier(id).skipFinalSnapshot(true));
  }

  @Test
  void modifyDbSubnetGroup_changesTheSubnets_andKeepsTheGroup(Emulator emulator) {
    Ec2Client ec2 = Clients.of(Ec2Client.builder(), emulator);
    String vpc = ec2.createVpc(b -> b.cidrBlock("10.77.0.0/16")).vpc().vpcId();
    String a = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.77.1.0/24").availabilityZone("us-east-1a")).subnet()
        .subnetId();
    String b2 = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.77.2.0/24").availabilityZone("us-east-1b")).subnet()
        .subnetId();
    String c = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.77.3.0/24").availabilityZone("us-east-1c")).subnet()
        .subnetId();
    try {
      rds.createDBSubnetGroup(b -> b.dbSubnetGroupName(id).dbSubnetGroupDescription("shim").subnetIds(a, b2));

      rds.modifyDBSubnetGroup(b -> b.dbSubnetGroupName(id).subnetIds(a, b2, c));

      DBSubnetGroup group = rds.describeDBSubnetGroups(b -> b.dbSubnetGroupName(id)).dbSubnetGroups().get(0);
      assertThat(group.subnets()).extracting(Subnet::subnetIdentifier).containsExactlyInAnyOrder(a, b2, c);
      RdsException missing = catchThrowableOfType(RdsException.class,
          () -> rds.modifyDBSubnetGroup(b -> b.dbSubnetGroupName(id + "-none").subnetIds(a, b2)));
      assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("DBSubnetGroupNotFoundFault");
    } finally {
      rds.deleteDBSubnetGroup(b -> b.dbSubnetGroupName(id));
      List.of(a, b2, c).forEach(s -> ec2.deleteSubnet(r -> r.subnetId(s)));
      ec2.deleteVpc(r -> r.vpcId(vpc));
    }
  }
}
