package io.provisioner.steps.network.securitygroups;

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
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * A stand-in for {@code network.vpc} in the network ITs: a VPC with public, app, data and
 * management subnets in each AZ, a public route table and a route table per private tier and AZ,
 * published as that step's {@link VpcOutputs}. {@link #output} names them as the tests do: {@code
 * vpcId}, {@code subnet.<tier>.<az>}, {@code routeTable.<tier>.<az>}, {@code routeTable.public}.
 */
public final class TestVpc {
  public static final String CIDR = "10.40.0.0/16";
  public static final List<String> AZS = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  public static final List<String> TIERS = List.of("public", "app", "data", "management");
  public static final List<String> PRIVATE_TIERS = List.of("app", "data", "management");

  private final Ec2Client ec2;
  private final String vpcId;
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final List<String> subnets = new ArrayList<>();
  private final List<String> routeTables = new ArrayList<>();

  private TestVpc(TestHarness harness) {
    this.ec2 = harness.client(Ec2Client.class);
    TagSpecification tags = TagSpecification.builder().resourceType(ResourceType.VPC)
        .tags(Tag.builder().key("Name").value("it-" + harness.env()).build()).build();
    this.vpcId = ec2.createVpc(b -> b.cidrBlock(CIDR).tagSpecifications(tags)).vpc().vpcId();
    outputs.put("vpcId", vpcId);
    for (int t = 0; t < TIERS.size(); t++) {
      for (int a = 0; a < AZS.size(); a++) {
        String cidr = "10.40." + (t * 16 + a) + ".0/24";
        String az = AZS.get(a);
        String subnet = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(az)).subnet().subnetId();
        subnets.add(subnet);
        outputs.put("subnet." + TIERS.get(t) + "." + az, subnet);
      }
    }
    outputs.put("routeTable.public", routeTable());
    for (String tier : PRIVATE_TIERS) {
      for (String az : AZS) {
        outputs.put("routeTable." + tier + "." + az, routeTable());
      }
    }
  }

  /** Creates the VPC and publishes it as the outputs of {@code network.vpc}. */
  public static TestVpc create(TestHarness harness) {
    TestVpc vpc = new TestVpc(harness);
    harness.publish(VpcStep.ID, vpc.published());
    return vpc;
  }

  private VpcOutputs published() {
    Map<String, Map<String, String>> subnetIds = new LinkedHashMap<>();
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    for (String tier : TIERS) {
      Map<String, String> subnetsOfTier = new LinkedHashMap<>();
      Map<String, String> tablesOfTier = new LinkedHashMap<>();
      for (String az : AZS) {
        subnetsOfTier.put(az, outputs.get("subnet." + tier + "." + az));
        if (PRIVATE_TIERS.contains(tier)) {
          tablesOfTier.put(az, outputs.get("routeTable." + tier + "." + az));
        }
      }
      if (!PRIVATE_TIERS.contains(tier)) {
        tablesOfTier.put(VpcOutputs.ALL_AZS, outputs.get("routeTable." + tier));
      }
      subnetIds.put(tier, subnetsOfTier);
      tables.put(tier, tablesOfTier);
    }
    return new VpcOutputs(vpcId, CIDR, TestHarness.ACCOUNT, TestHarness.REGION, AZS, subnetIds, tables);
  }

  public String vpcId() {
    return vpcId;
  }

  public String output(String key) {
    return outputs.get(key);
  }

  /** The route tables the S3 gateway endpoint belongs on: app, data and management of every AZ. */
  public List<String> privateRouteTables() {
    List<String> ids = new ArrayList<>();
    for (String tier : PRIVATE_TIERS) {
      for (String az : AZS) {
        ids.add(outputs.get("routeTable." + tier + "." + az));
      }
    }
    return ids;
  }

  /** The id of the VPC's default security group. */
  public String defaultGroupId() {
    return ec2.describeSecurityGroups(b -> b.filters(
            Filter.builder().name("vpc-id").values(vpcId).build(),
            Filter.builder().name("group-name").values("default").build()))
        .securityGroups().get(0).groupId();
  }

  /** Deletes what {@link #create} made (and leftover groups), ignoring what is already gone. */
  public void delete() {
    ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
        .securityGroups().stream().filter(g -> !"default".equals(g.groupName()))
        .forEach(g -> quietly(() -> ec2.deleteSecurityGroup(b -> b.groupId(g.groupId()))));
    subnets.forEach(id -> quietly(() -> ec2.deleteSubnet(b -> b.subnetId(id))));
    routeTables.forEach(id -> quietly(() -> ec2.deleteRouteTable(b -> b.routeTableId(id))));
    quietly(() -> ec2.deleteVpc(b -> b.vpcId(vpcId)));
  }

  private String routeTable() {
    String id = ec2.createRouteTable(b -> b.vpcId(vpcId)).routeTable().routeTableId();
    routeTables.add(id);
    return id;
  }

  private static void quietly(Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      // best effort: the emulator is discarded at the end of the run anyway
    }
  }
}
