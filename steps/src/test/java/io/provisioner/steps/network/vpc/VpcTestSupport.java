package io.provisioner.steps.network.vpc;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.security.iam.IamOutputs;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** Arranging and inspecting for the VPC ITs, outside any step. */
final class VpcTestSupport {
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  static final String VPC_CIDR = "10.0.0.0/16";

  private VpcTestSupport() {}

  /** The seed 004 VPC over the given AZs. */
  static VpcSpec spec(List<String> azs, VpcSpec.NatGateways nat) {
    return new VpcSpec(VPC_CIDR, azs, SubnetPlanner.plan(VPC_CIDR, azs), nat,
        new VpcSpec.FlowLogs(90, VpcSpec.TrafficType.ALL, VpcSpec.FlowLogs.DEFAULT_ROLE), List.of(5432, 6379));
  }

  private static String roleName(TestHarness harness) {
    return "provisioner-" + harness.env() + "-flow-logs";
  }

  /** Creates the flow-logs role step security.iam would create and publishes its outputs. */
  static void prepareFlowLogsRole(TestHarness harness) {
    String trust = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "vpc-flow-logs.amazonaws.com"}, "Action": "sts:AssumeRole"}]}""";
    String arn = harness.client(IamClient.class).createRole(r -> r.roleName(roleName(harness))
        .path("/provisioner/").assumeRolePolicyDocument(trust)).role().arn();
    harness.publish(IamStep.ID, new IamOutputs(Map.of("flow-logs", arn), null));
  }

  static void deleteFlowLogsRole(TestHarness harness) {
    try {
      harness.client(IamClient.class).deleteRole(r -> r.roleName(roleName(harness)));
    } catch (NoSuchEntityException e) {
      // never created
    }
  }

  private static Filter envFilter(TestHarness harness) {
    return Filter.builder().name("tag:" + ResourceTags.ENV).values(harness.env()).build();
  }

  static List<String> vpcs(TestHarness harness) {
    return harness.client(Ec2Client.class).describeVpcs(r -> r.filters(envFilter(harness))).vpcs().stream()
        .map(v -> v.vpcId()).toList();
  }

  static List<String> subnets(TestHarness harness) {
    return harness.client(Ec2Client.class).describeSubnets(r -> r.filters(envFilter(harness))).subnets().stream()
        .map(s -> s.subnetId()).toList();
  }

  /** NAT gateways of the env that are not deleted (or being deleted). */
  static List<String> liveNats(TestHarness harness) {
    return harness.client(Ec2Client.class).describeNatGateways(r -> r.filter(envFilter(harness))).natGateways()
        .stream()
        .filter(n -> n.state() != NatGatewayState.DELETED && n.state() != NatGatewayState.DELETING)
        .map(n -> n.natGatewayId()).toList();
  }

  /** Everything the step may have made that is still there, as readable ids. */
  static List<String> leftovers(TestHarness harness) {
    Ec2Client ec2 = harness.client(Ec2Client.class);
    Filter env = envFilter(harness);
    List<String> left = new ArrayList<>();
    vpcs(harness).forEach(id -> left.add("vpc " + id));
    subnets(harness).forEach(id -> left.add("subnet " + id));
    liveNats(harness).forEach(id -> left.add("nat " + id));
    ec2.describeAddresses(r -> r.filters(env)).addresses().forEach(a -> left.add("eip " + a.allocationId()));
    ec2.describeInternetGateways(r -> r.filters(env)).internetGateways()
        .forEach(g -> left.add("igw " + g.internetGatewayId()));
    ec2.describeRouteTables(r -> r.filters(env)).routeTables().forEach(t -> left.add("rtb " + t.routeTableId()));
    ec2.describeNetworkAcls(r -> r.filters(env)).networkAcls().forEach(a -> left.add("acl " + a.networkAclId()));
    ec2.describeFlowLogs(r -> r.filter(env)).flowLogs().forEach(f -> left.add("flow log " + f.flowLogId()));
    String group = "/provisioner/" + harness.env() + "/vpc-flow-logs";
    harness.client(CloudWatchLogsClient.class).describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups()
        .forEach(g -> left.add("log group " + g.logGroupName()));
    return left;
  }
}
