package io.provisioner.steps.network.vpc;

import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.DescribeVpcAttributeResponse;
import software.amazon.awssdk.services.ec2.model.ModifyVpcAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcState;

/**
 * The VPC: its CIDR (fixed at creation), DNS support and DNS hostnames (both on; support first,
 * hostnames need it). CreateVpc takes no client token: its intent and the tags it sets atomically
 * let a resume find it. Records {@code vpcId}, {@code vpcCidr}, {@code account}, {@code region} and
 * {@code azs}.
 */
final class VpcResource extends Ec2Resource<Vpc> {
  private static final ErrorCodes ERRORS =
      ErrorCodes.notFound("InvalidVpcID.NotFound").notYetVisible("InvalidVpcID.NotFound");

  VpcResource(Network net) {
    super(net, "vpcId", "vpc", "vpc", "VPC " + net.spec.cidr(), ERRORS, new Api<>(
        id -> net.ec2.describeVpcs(b -> b.vpcIds(id)).vpcs(),
        filters -> net.ec2.describeVpcs(b -> b.filters(filters)).vpcs(), Vpc::tags, Vpc::vpcId));
  }

  @Override
  public Vpc create() {
    return created(ec2.createVpc(b -> b.cidrBlock(net.spec.cidr()).tagSpecifications(tagSpec(ResourceType.VPC)))
        .vpc());
  }

  @Override
  public Map<String, String> recorded(Vpc vpc) {
    return Map.of("vpcCidr", vpc.cidrBlock(), "account", net.ctx.target().account(),
        "region", net.ctx.target().region(), "azs", String.join(",", net.spec.availabilityZones()));
  }

  @Override
  public List<Setting<Vpc>> settings() {
    return List.of(
        Setting.fixed("CIDR", Vpc::cidrBlock, net.spec.cidr(), "put network.vpc.cidr back, or roll back "
            + "network.vpc (and the steps that use it) and run 'up' again to build a new VPC"),
        dns("DNS support", VpcAttributeName.ENABLE_DNS_SUPPORT, DescribeVpcAttributeResponse::enableDnsSupport,
            b -> b.enableDnsSupport(v -> v.value(true))),
        dns("DNS hostnames", VpcAttributeName.ENABLE_DNS_HOSTNAMES,
            DescribeVpcAttributeResponse::enableDnsHostnames, b -> b.enableDnsHostnames(v -> v.value(true))),
        tags());
  }

  /** One DNS attribute, on. ModifyVpcAttribute changes one attribute per call. */
  private Setting<Vpc> dns(String name, VpcAttributeName attribute,
      Function<DescribeVpcAttributeResponse, AttributeBooleanValue> value,
      Consumer<ModifyVpcAttributeRequest.Builder> on) {
    return Setting.of(name, vpc -> Optional.ofNullable(value.apply(ec2.describeVpcAttribute(b -> b.vpcId(vpc.vpcId())
            .attribute(attribute)))).map(AttributeBooleanValue::value).orElse(false) ? "on" : "off", "on",
        (vpc, wanted) -> ec2.modifyVpcAttribute(b -> on.accept(b.vpcId(vpc.vpcId()))));
  }

  @Override
  public Optional<String> pending(Vpc vpc) {
    return vpc.state() == VpcState.PENDING ? Optional.of("state is pending") : Optional.empty();
  }

  @Override
  public void delete(Vpc vpc) {
    ec2.deleteVpc(b -> b.vpcId(vpc.vpcId()));
  }
}
