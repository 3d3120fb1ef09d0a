package io.provisioner.steps.network.vpc;

import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * The subnet of one tier in one AZ, keyed by the AZ's name ({@code subnet.app.us-east-1b}), never
 * by its position, so adding an AZ moves nothing. CIDR and AZ are fixed at creation. No subnet maps
 * public IPs on launch: the public tier is for load balancers and NAT gateways only.
 */
final class SubnetResource extends Ec2Resource<Subnet> {
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("InvalidSubnetID.NotFound")
      .notYetVisible("InvalidVpcID.NotFound", "InvalidSubnetID.NotFound");

  private final String vpcId;
  private final String az;
  private final String field;
  private final String cidr;

  SubnetResource(Network net, String vpcId, Tier tier, String az) {
    super(net, key(tier, az), key(tier, az), tier.key() + "-" + az, "subnet " + key(tier, az), ERRORS, new Api<>(
        id -> net.ec2.describeSubnets(b -> b.subnetIds(id).filters(Network.filter("vpc-id", vpcId))).subnets(),
        filters -> net.ec2.describeSubnetsPaginator(b -> b.filters(filters)).subnets().stream().toList(),
        Subnet::tags, Subnet::subnetId), Network.filter("vpc-id", vpcId));
    this.vpcId = vpcId;
    this.az = az;
    this.field = "network.vpc.subnets." + tier.key() + "." + az;
    this.cidr = net.spec.subnets().of(tier).get(az);
  }

  static String key(Tier tier, String az) {
    return "subnet." + tier.key() + "." + az;
  }

  @Override
  public Subnet create() {
    return created(ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(az)
        .tagSpecifications(tagSpec(ResourceType.SUBNET))).subnet());
  }

  @Override
  public List<Setting<Subnet>> settings() {
    return List.of(
        Setting.fixed("CIDR", Subnet::cidrBlock, cidr, "put " + field + " back to the subnet's CIDR, or roll back "
            + "network.vpc and run 'up' again"),
        Setting.fixed("availability zone", Subnet::availabilityZone, az, "delete the subnet and run 'up' again"),
        Setting.of("public IPs on launch", s -> Boolean.TRUE.equals(s.mapPublicIpOnLaunch()), false,
            (s, on) -> ec2.modifySubnetAttribute(b -> b.subnetId(s.subnetId()).mapPublicIpOnLaunch(v -> v.value(on)))),
        tags());
  }

  @Override
  public void delete(Subnet subnet) {
    ec2.deleteSubnet(b -> b.subnetId(subnet.subnetId()));
  }
}
