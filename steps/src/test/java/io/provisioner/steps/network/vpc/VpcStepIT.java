package io.provisioner.steps.network.vpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/** The shared contract scenario for {@link VpcStep} (seed layout, 3 AZs, NAT per AZ), plus VPC specifics. */
class VpcStepIT extends StepContractScenario {

  private static final VpcSpec SPEC = VpcTestSupport.spec(VpcTestSupport.AZS, VpcSpec.NatGateways.PER_AZ);

  @Override
  protected void prepare(TestHarness harness) {
    VpcTestSupport.prepareFlowLogsRole(harness);
  }

  @AfterEach
  void deleteRole() {
    VpcTestSupport.deleteFlowLogsRole(harness);
  }

  @Override
  protected Step step() {
    return new VpcStep(SPEC);
  }

  /** A hand-made route to the internet gateway in a data route table. */
  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    Map<String, String> checkpoints = harness.checkpointsOf(VpcStep.ID);
    harness.client(Ec2Client.class).createRoute(r -> r.routeTableId(checkpoints.get("routeTable.data.us-east-1b"))
        .destinationCidrBlock("0.0.0.0/0").gatewayId(checkpoints.get("igwId")));
  }

  @Override
  protected String expectedDriftFragment() {
    return "internet route";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    return VpcTestSupport.leftovers(harness);
  }

  @Test
  void create_recordsEveryOutput_andBuildsTheSeedNetwork() {
    VpcStep step = new VpcStep(SPEC);
    harness.create(step);

    Map<String, String> out = harness.checkpointsOf(VpcStep.ID);
    assertThat(out).containsEntry("vpcCidr", "10.0.0.0/16").containsEntry("account", TestHarness.ACCOUNT)
        .containsEntry("region", TestHarness.REGION).containsEntry("azs", "us-east-1a,us-east-1b,us-east-1c")
        .containsEntry("logGroup", "/provisioner/" + harness.env() + "/vpc-flow-logs")
        .containsKeys("vpcId", "igwId", "routeTable.public", "flowLogId",
            "nacl.public", "nacl.app", "nacl.data", "nacl.management");
    for (String az : VpcTestSupport.AZS) {
      assertThat(out).containsKeys("subnet.public." + az, "subnet.app." + az, "subnet.data." + az,
          "subnet.management." + az, "routeTable.app." + az, "routeTable.data." + az,
          "routeTable.management." + az, "nat." + az, "eip." + az);
    }
    assertThat(out.keySet()).noneMatch(k -> k.startsWith("intent:"));
    VpcOutputs published = harness.published(VpcStep.OUTPUTS).orElseThrow();
    assertThat(published.vpcId()).isEqualTo(out.get("vpcId"));
    assertThat(published.vpcCidr()).isEqualTo("10.0.0.0/16");
    assertThat(published.availabilityZones()).isEqualTo(VpcTestSupport.AZS);
    assertThat(published.subnets("data")).containsEntry("us-east-1c", out.get("subnet.data.us-east-1c")).hasSize(3);
    assertThat(published.subnet("public", "us-east-1a")).isEqualTo(out.get("subnet.public.us-east-1a"));
    assertThat(published.routeTable("public", "us-east-1b")).isEqualTo(out.get("routeTable.public"));
    assertThat(published.routeTable("app", "us-east-1b")).isEqualTo(out.get("routeTable.app.us-east-1b"));

    Ec2Client ec2 = harness.client(Ec2Client.class);
    String vpcId = out.get("vpcId");
    assertThat(ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
        .enableDnsHostnames().value()).isTrue();
    assertThat(ec2.describeSubnets(r -> r.subnetIds(out.get("subnet.data.us-east-1c"))).subnets().get(0).cidrBlock())
        .isEqualTo("10.0.22.0/24");
    assertThat(ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs().get(0).tags())
        .anyMatch(t -> t.key().equals(ResourceTags.KEY) && t.value().equals("vpc"))
        .anyMatch(t -> t.key().equals("Name") && t.value().equals("provisioner-" + harness.env() + "-vpc"));

    RouteTable app = table(ec2, out.get("routeTable.app.us-east-1b"));
    assertThat(app.routes()).anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())
        && out.get("nat.us-east-1b").equals(r.natGatewayId()));
    assertThat(table(ec2, out.get("routeTable.data.us-east-1b")).routes())
        .noneMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()));
    assertThat(table(ec2, out.get("routeTable.public")).associations()).hasSize(3);

    NetworkAcl data = ec2.describeNetworkAcls(r -> r.networkAclIds(out.get("nacl.data"))).networkAcls().get(0);
    List<NetworkAclEntry> inbound = data.entries().stream().filter(e -> !e.egress() && e.ruleNumber() < 32767)
        .toList();
    assertThat(inbound).anyMatch(e -> "10.0.11.0/24".equals(e.cidrBlock()) && e.portRange().from() == 5432);
    assertThat(inbound).noneMatch(e -> "0.0.0.0/0".equals(e.cidrBlock()));
    assertThat(data.associations()).extracting(a -> a.subnetId())
        .containsExactlyInAnyOrder(out.get("subnet.data.us-east-1a"), out.get("subnet.data.us-east-1b"),
            out.get("subnet.data.us-east-1c"));

    assertThat(harness.client(CloudWatchLogsClient.class)
        .describeLogGroups(r -> r.logGroupNamePrefix(out.get("logGroup"))).logGroups().get(0).retentionInDays())
        .isEqualTo(90);

    harness.rollback(step);
  }

  @Test
  void verify_whenHostnamesOffRetentionChangedAndNaclRuleGone_listsEveryDifference() {
    VpcStep step = new VpcStep(SPEC);
    harness.create(step);
    Map<String, String> out = harness.checkpointsOf(VpcStep.ID);
    Ec2Client ec2 = harness.client(Ec2Client.class);
    ec2.modifyVpcAttribute(r -> r.vpcId(out.get("vpcId")).enableDnsHostnames(v -> v.value(false)));
    harness.client(CloudWatchLogsClient.class)
        .putRetentionPolicy(r -> r.logGroupName(out.get("logGroup")).retentionInDays(7));
    ec2.deleteNetworkAclEntry(r -> r.networkAclId(out.get("nacl.data")).ruleNumber(100).egress(false));

    Verification drift = harness.verify(step);

    assertThat(drift.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(String.join("\n", drift.differences()))
        .contains("VPC 10.0.0.0/16: DNS hostnames is \"off\", expected \"on\"")
        .contains("retention is \"7 days\", expected \"90 days\"")
        .contains("network ACL nacl.data: ingress rule 100 (allow tcp 10.0.10.0/24 ports 5432-5432) is missing");

    harness.create(step);
    assertThat(harness.verify(step).isInSync()).isTrue();
    harness.rollback(step);
  }

  @Test
  void create_whenSubnetCidrChanges_failsNamingTheFieldAndKeepsTheSubnet() {
    VpcStep step = new VpcStep(SPEC);
    harness.create(step);
    String subnetId = harness.checkpointsOf(VpcStep.ID).get("subnet.app.us-east-1a");
    Map<String, String> app = new java.util.LinkedHashMap<>(SPEC.subnets().app());
    app.put("us-east-1a", "10.0.40.0/24");
    VpcSpec changed = new VpcSpec(SPEC.cidr(), SPEC.availabilityZones(), new VpcSpec.Tiers(
        SPEC.subnets().publicSubnets(), app, SPEC.subnets().data(), SPEC.subnets().management()),
        SPEC.natGateways(), SPEC.flowLogs(), SPEC.dataPorts());

    assertThat(String.join("\n", harness.verify(new VpcStep(changed)).differences()))
        .contains("subnet subnet.app.us-east-1a: CIDR is \"10.0.10.0/24\", expected \"10.0.40.0/24\" "
            + "(fixed at creation)");
    assertThatThrownBy(() -> harness.create(new VpcStep(changed)))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("CIDR is \"10.0.10.0/24\" but the spec says \"10.0.40.0/24\"")
        .hasMessageContaining("cannot be changed in place: put network.vpc.subnets.app.us-east-1a back");
    assertThat(VpcTestSupport.subnets(harness)).contains(subnetId).hasSize(12);

    harness.rollback(step);
  }

  @Test
  void create_whenSwitchedToSingleNat_routesEveryAzThroughTheFirstAndDeletesTheOthers() {
    harness.create(new VpcStep(SPEC));
    String firstNat = harness.checkpointsOf(VpcStep.ID).get("nat.us-east-1a");
    VpcStep single = new VpcStep(VpcTestSupport.spec(VpcTestSupport.AZS, VpcSpec.NatGateways.SINGLE));
    assertThat(String.join("\n", harness.verify(single).differences()))
        .contains("NAT gateway nat.us-east-1b (" + harness.checkpointsOf(VpcStep.ID).get("nat.us-east-1b")
            + ") is not expected with natGateways=SINGLE");

    harness.create(single);

    Map<String, String> out = harness.checkpointsOf(VpcStep.ID);
    assertThat(out).containsEntry("nat.us-east-1a", firstNat).doesNotContainKeys("nat.us-east-1b", "eip.us-east-1c");
    assertThat(VpcTestSupport.liveNats(harness)).containsExactly(firstNat);
    Ec2Client ec2 = harness.client(Ec2Client.class);
    assertThat(table(ec2, out.get("routeTable.management.us-east-1c")).routes())
        .anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()) && firstNat.equals(r.natGatewayId()));
    assertThat(harness.verify(single).isInSync()).isTrue();

    harness.rollback(single);
    assertThat(VpcTestSupport.leftovers(harness)).isEmpty();
  }

  private static RouteTable table(Ec2Client ec2, String id) {
    return ec2.describeRouteTables(r -> r.routeTableIds(id)).routeTables().get(0);
  }
}
