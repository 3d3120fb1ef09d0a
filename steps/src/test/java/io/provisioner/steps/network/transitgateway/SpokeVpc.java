package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.network.vpc.VpcOutputs;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TransitGateway;
import software.amazon.awssdk.services.ec2.model.TransitGatewayAttachmentState;
import software.amazon.awssdk.services.ec2.model.TransitGatewayState;

/**
 * What {@code network.vpc} would have built, made by the test itself in the emulator: a VPC with
 * public/app/data/management subnets in three AZs and one route table per AZ for app, data and
 * management, published as {@code network.vpc}'s {@link VpcOutputs}. Also the reads the ITs use to find what
 * the step left behind.
 */
final class SpokeVpc implements AutoCloseable {
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  static final String CIDR = "10.20.0.0/16";

  private final TestHarness harness;
  private final Ec2Client ec2;
  private final String vpcId;
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final List<String> subnetIds = new ArrayList<>();
  private final List<String> routeTableIds = new ArrayList<>();

  private SpokeVpc(TestHarness harness) {
    this.harness = harness;
    this.ec2 = harness.client(Ec2Client.class);
    this.vpcId = ec2.createVpc(b -> b.cidrBlock(CIDR)).vpc().vpcId();
    ec2.createTags(b -> b.resources(vpcId).tags(Tag.builder().key(ResourceTags.ENV).value(harness.env()).build()));
    int block = 0;
    for (String tier : TransitGatewaySpec.SUBNET_TIERS) {
      for (String az : AZS) {
        String cidr = "10.20." + block++ + ".0/24";
        String subnetId = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(az)).subnet().subnetId();
        subnetIds.add(subnetId);
        outputs.put("subnet." + tier + "." + az, subnetId);
        if (!tier.equals("public")) {
          String routeTableId = ec2.createRouteTable(b -> b.vpcId(vpcId)).routeTable().routeTableId();
          ec2.associateRouteTable(b -> b.routeTableId(routeTableId).subnetId(subnetId));
          routeTableIds.add(routeTableId);
          outputs.put("routeTable." + tier + "." + az, routeTableId);
        }
      }
    }
  }

  /** Builds the VPC and publishes it as {@code network.vpc}'s outputs. */
  static SpokeVpc create(TestHarness harness) {
    SpokeVpc vpc = new SpokeVpc(harness);
    harness.publish(VpcStep.ID, vpc.published());
    return vpc;
  }

  /** No public route table: this step never routes the public tier. */
  private VpcOutputs published() {
    Map<String, Map<String, String>> subnets = new LinkedHashMap<>();
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    for (String tier : TransitGatewaySpec.SUBNET_TIERS) {
      Map<String, String> subnetsOfTier = new LinkedHashMap<>();
      Map<String, String> tablesOfTier = new LinkedHashMap<>();
      for (String az : AZS) {
        subnetsOfTier.put(az, outputs.get("subnet." + tier + "." + az));
        if (outputs.containsKey("routeTable." + tier + "." + az)) {
          tablesOfTier.put(az, outputs.get("routeTable." + tier + "." + az));
        }
      }
      subnets.put(tier, subnetsOfTier);
      tables.put(tier, tablesOfTier);
    }
    return new VpcOutputs(vpcId, CIDR, TestHarness.ACCOUNT, TestHarness.REGION, AZS, subnets, tables);
  }

  String vpcId() {
    return vpcId;
  }

  String output(String key) {
    return outputs.get(key);
  }

  /** Transit gateways tagged with the harness env that are not deleted. */
  static List<String> liveTransitGateways(TestHarness harness) {
    return harness.client(Ec2Client.class)
        .describeTransitGateways(b -> b.filters(Filter.builder().name("tag:" + ResourceTags.ENV).values(harness.env()).build()))
        .transitGateways().stream()
        .filter(t -> t.state() != TransitGatewayState.DELETED && t.state() != TransitGatewayState.DELETING)
        .map(TransitGateway::transitGatewayId)
        .toList();
  }

  /** Attachments tagged with the harness env, or attached to this VPC, that are not deleted. */
  List<String> liveAttachments() {
    return ec2.describeTransitGatewayAttachments().transitGatewayAttachments().stream()
        .filter(a -> a.state() != TransitGatewayAttachmentState.DELETED
            && a.state() != TransitGatewayAttachmentState.DELETING)
        .filter(a -> vpcId.equals(a.resourceId())
            || a.tags().stream().anyMatch(t -> t.key().equals(ResourceTags.ENV) && t.value().equals(harness.env())))
        .map(a -> a.transitGatewayAttachmentId() + " (" + a.stateAsString() + ")")
        .toList();
  }

  /** Routes of this VPC that point at any transit gateway, as "rtb cidr → tgw". */
  List<String> routesToTransitGateways() {
    List<String> routes = new ArrayList<>();
    ec2.describeRouteTables(b -> b.filters(Filter.builder().name("vpc-id").values(vpcId).build())).routeTables()
        .forEach(t -> t.routes().stream().filter(r -> r.transitGatewayId() != null)
            .forEach(r -> routes.add(t.routeTableId() + " " + r.destinationCidrBlock() + " → " + r.transitGatewayId())));
    return routes;
  }

  /** The route to {@code cidr} in one of the published route tables, if any. */
  java.util.Optional<Route> route(String routeTableKey, String cidr) {
    String id = outputs.get(routeTableKey);
    return ec2.describeRouteTables(b -> b.routeTableIds(id)).routeTables().get(0).routes().stream()
        .filter(r -> cidr.equals(r.destinationCidrBlock())).findFirst();
  }

  @Override
  public void close() {
    for (String id : routeTableIds) {
      quietly(() -> ec2.describeRouteTables(b -> b.routeTableIds(id)).routeTables().get(0).associations()
          .forEach(a -> ec2.disassociateRouteTable(b -> b.associationId(a.routeTableAssociationId()))));
      quietly(() -> ec2.deleteRouteTable(b -> b.routeTableId(id)));
    }
    for (String id : subnetIds) {
      quietly(() -> ec2.deleteSubnet(b -> b.subnetId(id)));
    }
    quietly(() -> ec2.deleteVpc(b -> b.vpcId(vpcId)));
  }

  private static void quietly(Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      // best-effort cleanup of test fixtures
    }
  }
}
