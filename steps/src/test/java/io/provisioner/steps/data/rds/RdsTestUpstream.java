package io.provisioner.steps.data.rds;

import io.provisioner.steps.network.securitygroups.SecurityGroupsOutputs;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcOutputs;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.iam.IamOutputs;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsOutputs;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * Stand-ins for the steps {@code data.rds} depends on, made directly on the emulator and published
 * as their outputs: a KMS key ({@code security.kms}), the enhanced-monitoring role ({@code
 * security.iam}), a VPC with data subnets in three AZs and an app subnet ({@code network.vpc}) and
 * the database security group ({@code network.security-groups}). {@link #close} removes them, and
 * the final snapshots a rollback left.
 */
final class RdsTestUpstream implements AutoCloseable {
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  private final TestHarness harness;
  private final String keyId;
  private final String keyArn;
  private final String roleName;
  private final String vpcId;
  private final List<String> subnets = new ArrayList<>();
  private final Map<String, String> dataSubnets = new LinkedHashMap<>();
  private final String securityGroupId;

  private RdsTestUpstream(TestHarness harness) {
    this.harness = harness;
    KmsClient kms = harness.client(KmsClient.class);
    var key = kms.createKey(b -> b.description("data.rds IT key " + harness.env())).keyMetadata();
    keyId = key.keyId();
    keyArn = key.arn();
    harness.publish(KmsStep.ID, new KmsOutputs(keyId, keyArn, "alias/rds-it-" + harness.env(), null, null));

    roleName = "rds-monitoring-" + harness.env();
    String roleArn = harness.client(IamClient.class).createRole(b -> b.roleName(roleName)
        .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"monitoring.rds.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
        .role().arn();
    harness.publish(IamStep.ID, new IamOutputs(Map.of(Upstream.MONITORING_ROLE, roleArn), null));

    Ec2Client ec2 = harness.client(Ec2Client.class);
    vpcId = ec2.createVpc(b -> b.cidrBlock("10.60.0.0/16")).vpc().vpcId();
    for (int i = 0; i < AZS.size(); i++) {
      String az = AZS.get(i);
      String cidr = "10.60." + (10 + i) + ".0/24";
      String subnet = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(az)).subnet().subnetId();
      subnets.add(subnet);
      dataSubnets.put(az, subnet);
    }
    String app = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock("10.60.20.0/24").availabilityZone(AZS.get(0)))
        .subnet().subnetId();
    subnets.add(app);
    harness.publish(VpcStep.ID, new VpcOutputs(vpcId, "10.60.0.0/16", TestHarness.ACCOUNT, TestHarness.REGION, AZS,
        Map.of("data", dataSubnets, "app", Map.of(AZS.get(0), app)), Map.of()));

    securityGroupId = ec2.createSecurityGroup(b -> b.vpcId(vpcId).groupName("rds-" + harness.env())
        .description("data.rds IT")).groupId();
    harness.publish(SecurityGroupsStep.ID, new SecurityGroupsOutputs(Map.of(SecurityGroupsOutputs.RDS, securityGroupId)));
  }

  static RdsTestUpstream create(TestHarness harness) {
    return new RdsTestUpstream(harness);
  }

  String keyArn() {
    return keyArn;
  }

  String securityGroupId() {
    return securityGroupId;
  }

  Map<String, String> dataSubnets() {
    return Map.copyOf(dataSubnets);
  }

  /** Manual snapshots of the given instance (the final snapshot of a rollback). */
  static List<DBSnapshot> snapshotsOf(TestHarness harness, String instance) {
    try {
      return harness.client(RdsClient.class)
          .describeDBSnapshots(b -> b.dbInstanceIdentifier(instance).snapshotType("manual")).dbSnapshots();
    } catch (RdsException e) {
      return List.of();
    }
  }

  /** Deletes what the test made: final snapshots of {@code instance}, the SG, subnets, VPC, role; schedules the key's deletion. */
  void close(String instance) {
    RdsClient rds = harness.client(RdsClient.class);
    for (DBSnapshot s : snapshotsOf(harness, instance)) {
      rds.deleteDBSnapshot(b -> b.dbSnapshotIdentifier(s.dbSnapshotIdentifier()));
    }
    close();
  }

  @Override
  public void close() {
    Ec2Client ec2 = harness.client(Ec2Client.class);
    ec2.deleteSecurityGroup(b -> b.groupId(securityGroupId));
    subnets.forEach(s -> ec2.deleteSubnet(b -> b.subnetId(s)));
    ec2.deleteVpc(b -> b.vpcId(vpcId));
    harness.client(IamClient.class).deleteRole(b -> b.roleName(roleName));
    harness.client(KmsClient.class).scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
  }
}
