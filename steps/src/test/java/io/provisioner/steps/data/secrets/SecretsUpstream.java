package io.provisioner.steps.data.secrets;

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
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Stand-ins for the steps {@code data.secrets} depends on, made directly on the emulator and
 * published as their outputs: a KMS key ({@code security.kms}), the reader and rotation roles
 * ({@code security.iam}), a VPC with app subnets in two AZs ({@code network.vpc}) and {@code sg.ecs}
 * ({@code network.security-groups}). {@link #delete} removes them, and force-deletes what the step
 * left scheduled for deletion, so the emulator keeps nothing of the test.
 */
final class SecretsUpstream {
  static final List<String> ROLES = List.of("ecs-task-execution", "ecs-task", "lambda-execution", "secret-rotation");
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b");

  private final TestHarness harness;
  private final String keyId;
  private final String keyArn;
  private final Map<String, String> roleArns = new LinkedHashMap<>();
  private final String vpcId;
  private final List<String> subnets = new ArrayList<>();
  private final String securityGroup;

  private SecretsUpstream(TestHarness harness) {
    this.harness = harness;
    KmsClient kms = harness.client(KmsClient.class);
    var key = kms.createKey(b -> b.description("data.secrets IT " + harness.env())).keyMetadata();
    keyId = key.keyId();
    keyArn = key.arn();
    harness.publish(KmsStep.ID, new KmsOutputs(keyId, keyArn, "alias/it-" + harness.env(), null, null));

    IamClient iam = harness.client(IamClient.class);
    for (String role : ROLES) {
      String service = role.startsWith("ecs") ? "ecs-tasks.amazonaws.com" : "lambda.amazonaws.com";
      String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
          + service + "\"},\"Action\":\"sts:AssumeRole\"}]}";
      String arn = iam.createRole(b -> b.roleName(roleName(role)).path("/provisioner/").assumeRolePolicyDocument(trust))
          .role().arn();
      roleArns.put(role, arn);
    }
    harness.publish(IamStep.ID, new IamOutputs(roleArns, null));

    Ec2Client ec2 = harness.client(Ec2Client.class);
    vpcId = ec2.createVpc(b -> b.cidrBlock("10.60.0.0/16")).vpc().vpcId();
    Map<String, Map<String, String>> byTier = Map.of("app", new LinkedHashMap<>(), "data", new LinkedHashMap<>());
    for (int i = 0; i < AZS.size(); i++) {
      String az = AZS.get(i);
      String cidr = "10.60." + (10 + i) + ".0/24";
      String data = "10.60." + (20 + i) + ".0/24";
      String subnet = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(az)).subnet().subnetId();
      String dataSubnet =
          ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(data).availabilityZone(az)).subnet().subnetId();
      subnets.add(subnet);
      subnets.add(dataSubnet);
      byTier.get("app").put(az, subnet);
      byTier.get("data").put(az, dataSubnet);
    }
    harness.publish(VpcStep.ID, new VpcOutputs(vpcId, "10.60.0.0/16", TestHarness.ACCOUNT, TestHarness.REGION, AZS,
        byTier, Map.of()));
    securityGroup = ec2.createSecurityGroup(b -> b.vpcId(vpcId).groupName("ecs-" + harness.env())
        .description("ECS tasks")).groupId();
    harness.publish(SecurityGroupsStep.ID, new SecurityGroupsOutputs(Map.of(SecurityGroupsOutputs.ECS, securityGroup)));
  }

  static SecretsUpstream create(TestHarness harness) {
    return new SecretsUpstream(harness);
  }

  String roleName(String logical) {
    return "provisioner-" + harness.env() + "-" + logical;
  }

  String roleArn(String logical) {
    return roleArns.get(logical);
  }

  String keyArn() {
    return keyArn;
  }

  String securityGroup() {
    return securityGroup;
  }

  /** The app subnets in AZ order, as the step reads them. */
  List<String> appSubnets() {
    return List.of(subnets.get(0), subnets.get(2));
  }

  String secretName(String logical) {
    return "provisioner/" + harness.env() + "/" + logical;
  }

  String functionName() {
    return "provisioner-" + harness.env() + "-db-credentials-rotation";
  }

  /** Removes the upstream resources and anything of the step still there, scheduled or not. */
  void delete() {
    SecretsManagerClient secrets = harness.client(SecretsManagerClient.class);
    for (String secret : List.of(secretName(Names.DB_CREDENTIALS), secretName(Names.CACHE_AUTH_TOKEN))) {
      quietly(() -> secrets.deleteSecret(b -> b.secretId(secret).forceDeleteWithoutRecovery(true)));
    }
    LambdaClient lambda = harness.client(LambdaClient.class);
    quietly(() -> lambda.deleteFunction(b -> b.functionName(functionName())));
    Ec2Client ec2 = harness.client(Ec2Client.class);
    quietly(() -> ec2.deleteSecurityGroup(b -> b.groupId(securityGroup)));
    subnets.forEach(s -> quietly(() -> ec2.deleteSubnet(b -> b.subnetId(s))));
    quietly(() -> ec2.deleteVpc(b -> b.vpcId(vpcId)));
    IamClient iam = harness.client(IamClient.class);
    ROLES.forEach(role -> quietly(() -> iam.deleteRole(b -> b.roleName(roleName(role)))));
    quietly(() -> harness.client(KmsClient.class).scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7)));
  }

  private static void quietly(Runnable cleanup) {
    try {
      cleanup.run();
    } catch (RuntimeException e) {
      // best effort: what is gone already is fine
    }
  }
}
