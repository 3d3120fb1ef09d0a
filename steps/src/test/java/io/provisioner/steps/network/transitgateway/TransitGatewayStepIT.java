package io.provisioner.steps.network.transitgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TransitGateway;
import software.amazon.awssdk.services.ec2.model.TransitGatewayVpcAttachment;

/** The shared contract scenario for {@link TransitGatewayStep} over a three-AZ spoke VPC, plus TGW specifics. */
class TransitGatewayStepIT extends StepContractScenario {

  private SpokeVpc vpc;

  @Override
  protected void prepare(TestHarness harness) {
    vpc = SpokeVpc.create(harness);
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step());
    } finally {
      vpc.close();
    }
  }

  private TransitGatewaySpec spec(long asn) {
    return new TransitGatewaySpec("provisioner " + harness.env() + " transit gateway", asn, true, true, true, true,
        null, null, null, false);
  }

  @Override
  protected Step step() {
    return new TransitGatewayStep(spec(64512));
  }

  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    String routeTableId = vpc.output("routeTable.data.us-east-1b");
    harness.client(Ec2Client.class).deleteRoute(b -> b.routeTableId(routeTableId).destinationCidrBlock("10.0.0.0/8"));
  }

  @Override
  protected String expectedDriftFragment() {
    return "route 10.0.0.0/8";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    List<String> left = new ArrayList<>();
    SpokeVpc.liveTransitGateways(harness).forEach(id -> left.add("transit gateway " + id));
    vpc.liveAttachments().forEach(id -> left.add("attachment " + id));
    vpc.routesToTransitGateways().forEach(r -> left.add("route " + r));
    return left;
  }

  @Test
  void create_attachesAppSubnetsAndRoutesEveryRouteTier_withTagsAndOptions() {
    TransitGatewayStep step = new TransitGatewayStep(spec(64512));
    harness.create(step);

    Map<String, String> checkpoints = harness.checkpointsOf(TransitGatewayStep.ID);
    assertThat(checkpoints).containsKeys("transitGatewayId", "transitGatewayArn", "attachmentId")
        .doesNotContainKey("resourceShareArn");
    assertThat(checkpoints.keySet()).noneMatch(k -> k.startsWith("intent:"));
    String tgwId = checkpoints.get("transitGatewayId");
    assertThat(checkpoints.get("transitGatewayArn")).endsWith(":transit-gateway/" + tgwId);
    assertThat(harness.published(TransitGatewayStep.OUTPUTS)).contains(new TransitGatewayOutputs(tgwId,
        checkpoints.get("transitGatewayArn"), checkpoints.get("attachmentId"), null));

    Ec2Client ec2 = harness.client(Ec2Client.class);
    TransitGateway tgw = ec2.describeTransitGateways(b -> b.transitGatewayIds(tgwId)).transitGateways().get(0);
    assertThat(tgw.options().amazonSideAsn()).isEqualTo(64512L);
    assertThat(tgw.options().dnsSupportAsString()).isEqualTo("enable");
    assertThat(tgw.options().vpnEcmpSupportAsString()).isEqualTo("enable");
    assertThat(tgw.options().defaultRouteTableAssociationAsString()).isEqualTo("enable");
    assertThat(tgw.options().defaultRouteTablePropagationAsString()).isEqualTo("enable");
    assertThat(tgw.tags()).extracting(Tag::key).contains("Name", "Environment", "CostCenter", ResourceTags.KEY);

    TransitGatewayVpcAttachment attachment = ec2.describeTransitGatewayVpcAttachments(
        b -> b.transitGatewayAttachmentIds(checkpoints.get("attachmentId"))).transitGatewayVpcAttachments().get(0);
    assertThat(attachment.vpcId()).isEqualTo(vpc.vpcId());
    assertThat(attachment.transitGatewayId()).isEqualTo(tgwId);
    assertThat(attachment.subnetIds()).containsExactlyInAnyOrderElementsOf(
        SpokeVpc.AZS.stream().map(az -> vpc.output("subnet.app." + az)).toList());
    assertThat(attachment.tags()).anyMatch(t -> t.key().equals(ResourceTags.ENV) && t.value().equals(harness.env()));

    for (String tier : List.of("app", "data", "management")) {
      for (String az : SpokeVpc.AZS) {
        assertThat(vpc.route("routeTable." + tier + "." + az, "10.0.0.0/8"))
            .as("route in %s %s", tier, az).hasValueSatisfying(r -> assertThat(r.transitGatewayId()).isEqualTo(tgwId));
      }
    }
  }

  @Test
  void create_whenOptionsAndSubnetsChangedByHand_convergesThemInPlace() {
    TransitGatewayStep step = new TransitGatewayStep(spec(64512));
    harness.create(step);
    Map<String, String> checkpoints = harness.checkpointsOf(TransitGatewayStep.ID);
    Ec2Client ec2 = harness.client(Ec2Client.class);
    ec2.modifyTransitGateway(b -> b.transitGatewayId(checkpoints.get("transitGatewayId"))
        .description("changed by hand").options(o -> o.dnsSupport("disable").vpnEcmpSupport("disable")));
    String removed = vpc.output("subnet.app.us-east-1c");
    ec2.modifyTransitGatewayVpcAttachment(b -> b.transitGatewayAttachmentId(checkpoints.get("attachmentId"))
        .removeSubnetIds(removed));

    String differences = String.join("\n", harness.verify(step).differences());

    assertThat(differences)
        .contains("dnsSupport is disable, expected enable")
        .contains("vpnEcmpSupport is disable, expected enable")
        .contains("description is \"changed by hand\"")
        .contains("subnet " + removed + " (us-east-1c) is missing");

    harness.create(step);
    assertThat(harness.verify(step).isInSync()).isTrue();
    assertThat(SpokeVpc.liveTransitGateways(harness)).containsExactly(checkpoints.get("transitGatewayId"));
  }

  @Test
  void create_withAnotherAsn_failsNamingTheFieldAndLeavesTheGateway() {
    harness.create(new TransitGatewayStep(spec(64512)));
    String tgwId = harness.checkpointsOf(TransitGatewayStep.ID).get("transitGatewayId");
    TransitGatewayStep changed = new TransitGatewayStep(spec(64513));

    assertThatThrownBy(() -> harness.create(changed))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("amazonSideAsn is 64512 but the spec says 64513")
        .hasMessageContaining("roll back network.transit-gateway");
    assertThat(String.join("\n", harness.verify(changed).differences()))
        .contains("amazonSideAsn is 64512, expected 64513");
    assertThat(SpokeVpc.liveTransitGateways(harness)).containsExactly(tgwId);
  }

  @Test
  void create_whenDestinationRoutedToAnActiveTarget_failsAndKeepsThatRoute() {
    Ec2Client ec2 = harness.client(Ec2Client.class);
    String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
    ec2.attachInternetGateway(b -> b.internetGatewayId(igw).vpcId(vpc.vpcId()));
    String routeTableId = vpc.output("routeTable.management.us-east-1a");
    ec2.createRoute(b -> b.routeTableId(routeTableId).destinationCidrBlock("10.0.0.0/8").gatewayId(igw));
    try {
      TransitGatewayStep step = new TransitGatewayStep(spec(64512));

      assertThatThrownBy(() -> harness.create(step))
          .isInstanceOf(StepException.class)
          .hasMessageContaining("already routes 10.0.0.0/8 to " + igw)
          .hasMessageContaining("replaces only blackholed routes");
      assertThat(vpc.route("routeTable.management.us-east-1a", "10.0.0.0/8"))
          .hasValueSatisfying(r -> assertThat(r.gatewayId()).isEqualTo(igw));
      assertThat(String.join("\n", harness.verify(step).differences()))
          .contains("points at " + igw + ", expected transit gateway");
    } finally {
      ec2.deleteRoute(b -> b.routeTableId(routeTableId).destinationCidrBlock("10.0.0.0/8"));
      ec2.detachInternetGateway(b -> b.internetGatewayId(igw).vpcId(vpc.vpcId()));
      ec2.deleteInternetGateway(b -> b.internetGatewayId(igw));
    }
  }

  @Test
  void create_whenRouteTiersShrink_removesTheRoutesNoLongerAskedFor() {
    harness.create(new TransitGatewayStep(spec(64512)));
    TransitGatewayStep appOnly = new TransitGatewayStep(new TransitGatewaySpec(
        "provisioner " + harness.env() + " transit gateway", 64512, true, true, true, true, "app", null,
        List.of("app"), false));

    assertThat(harness.verify(appOnly).differences()).anyMatch(d -> d.contains("not in routeCidrs/routeTiers"));
    harness.create(appOnly);

    assertThat(harness.verify(appOnly).isInSync()).isTrue();
    assertThat(vpc.route("routeTable.data.us-east-1a", "10.0.0.0/8")).isEmpty();
    assertThat(vpc.route("routeTable.app.us-east-1a", "10.0.0.0/8")).isPresent();
    harness.rollback(appOnly);
    assertThat(harness.verify(appOnly).status()).isEqualTo(Verification.Status.MISSING);
  }

  @Test
  void rollback_withoutVpcOutputs_deletesTheAttachmentFromTheOwnerSide_andALaterRollbackTheRoutes(
      Emulator emulator) {
    TransitGatewayStep step = new TransitGatewayStep(spec(64512));
    harness.create(step);
    Map<String, String> checkpoints = harness.checkpointsOf(TransitGatewayStep.ID);
    try (TestHarness withoutVpc = new TestHarness(emulator)) {
      withoutVpc.recordCheckpoints(TransitGatewayStep.ID, checkpoints);

      withoutVpc.rollback(step);

      assertThat(withoutVpc.checkpointsOf(TransitGatewayStep.ID)).isEmpty();
    }
    assertThat(vpc.liveAttachments()).isEmpty();
    assertThat(SpokeVpc.liveTransitGateways(harness)).isEmpty();
    assertThat(vpc.routesToTransitGateways()).hasSize(9);

    harness.rollback(step);

    assertThat(vpc.routesToTransitGateways()).isEmpty();
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.MISSING);
  }
}
