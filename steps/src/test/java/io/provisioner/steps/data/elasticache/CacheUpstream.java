package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.data.secrets.SecretsOutputs;
import io.provisioner.steps.data.secrets.SecretsStep;
import io.provisioner.steps.network.securitygroups.SecurityGroupsOutputs;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcOutputs;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.kms.KmsOutputs;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What {@code data.elasticache} needs from the steps before it, made directly in the emulator and
 * published as their outputs: a KMS key ({@code security.kms}), a VPC with app and data subnets in
 * three AZs ({@code network.vpc}), the ECS and Redis security groups ({@code
 * network.security-groups}) and a secret whose value is the AUTH token ({@code data.secrets}).
 * {@link #delete()} removes them again.
 */
final class CacheUpstream {
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  private final TestHarness harness;
  private final String keyId;
  private final String keyArn;
  private final String vpcId;
  private final List<String> subnets = new ArrayList<>();
  private final List<String> groups = new ArrayList<>();
  private final String secretArn;

  private CacheUpstream(TestHarness harness, String authToken) {
    this.harness = harness;
    var kms = harness.client(KmsClient.class).createKey(b -> b.description("it " + harness.env() + " cache key"))
        .keyMetadata();
    keyId = kms.keyId();
    keyArn = kms.arn();
    harness.publish(KmsStep.ID, new KmsOutputs(keyId, keyArn, "alias/it-" + harness.env(), null, null));

    Ec2Client ec2 = harness.client(Ec2Client.class);
    vpcId = ec2.createVpc(b -> b.cidrBlock("10.60.0.0/16")).vpc().vpcId();
    Map<String, Map<String, String>> byTier = Map.of("app", new LinkedHashMap<>(), "data", new LinkedHashMap<>());
    for (int i = 0; i < AZS.size(); i++) {
      String az = AZS.get(i);
      String app = "10.60." + (10 + i) + ".0/24";
      String data = "10.60." + (20 + i) + ".0/24";
      String appSubnet = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(app).availabilityZone(az)).subnet().subnetId();
      String dataSubnet = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(data).availabilityZone(az)).subnet().subnetId();
      subnets.add(appSubnet);
      subnets.add(dataSubnet);
      byTier.get("app").put(az, appSubnet);
      byTier.get("data").put(az, dataSubnet);
    }
    harness.publish(VpcStep.ID, new VpcOutputs(vpcId, "10.60.0.0/16", TestHarness.ACCOUNT, TestHarness.REGION, AZS,
        byTier, Map.of()));

    String ecs = ec2.createSecurityGroup(b -> b.vpcId(vpcId).groupName("it-ecs-" + harness.env())
        .description("ECS tasks")).groupId();
    String redis = ec2.createSecurityGroup(b -> b.vpcId(vpcId).groupName("it-redis-" + harness.env())
        .description("Redis from ECS")).groupId();
    groups.add(redis);
    groups.add(ecs);
    harness.publish(SecurityGroupsStep.ID, new SecurityGroupsOutputs(Map.of(SecurityGroupsOutputs.ECS, ecs,
        SecurityGroupsOutputs.REDIS, redis)));

    secretArn = harness.client(SecretsManagerClient.class).createSecret(b -> b
        .name("provisioner/" + harness.env() + "/cache-auth-token").secretString(authToken)).arn();
    harness.publish(SecretsStep.ID, new SecretsOutputs(null, secretArn, null));
  }

  static CacheUpstream create(TestHarness harness, String authToken) {
    return new CacheUpstream(harness, authToken);
  }

  String keyArn() {
    return keyArn;
  }

  String secretArn() {
    return secretArn;
  }

  String redisGroupId() {
    return groups.get(0);
  }

  Map<String, String> dataSubnets() {
    Map<String, String> result = new LinkedHashMap<>();
    AZS.forEach(az -> result.put(az, subnets.get(2 * AZS.indexOf(az) + 1)));
    return result;
  }

  /** Deletes what {@link #create} made. */
  void delete() {
    harness.client(SecretsManagerClient.class).deleteSecret(b -> b.secretId(secretArn).forceDeleteWithoutRecovery(true));
    Ec2Client ec2 = harness.client(Ec2Client.class);
    groups.forEach(g -> ec2.deleteSecurityGroup(b -> b.groupId(g)));
    subnets.forEach(s -> ec2.deleteSubnet(b -> b.subnetId(s)));
    ec2.deleteVpc(b -> b.vpcId(vpcId));
    harness.client(KmsClient.class).scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
  }

  /** Deletes a replication group the test itself made (not found is fine). */
  static void deleteGroup(TestHarness harness, String id) {
    try {
      harness.client(ElastiCacheClient.class).deleteReplicationGroup(b -> b.replicationGroupId(id));
    } catch (ElastiCacheException e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    }
  }
}
