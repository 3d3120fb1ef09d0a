package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The internet gateway ({@code igwId}) and, as its setting, its attachment to the VPC; one attached
 * to another VPC is never moved. Deleting detaches it first, after the Elastic IPs are released (a
 * VPC with mapped public addresses cannot lose its gateway).
 */
final class InternetGatewayResource extends Ec2Resource<InternetGateway> {
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("InvalidInternetGatewayID.NotFound")
      .notYetVisible("InvalidInternetGatewayID.NotFound", "InvalidVpcID.NotFound");

  private final String vpcId;

  /** @param vpcId the VPC to attach to; null in a rollback that found no VPC */
  InternetGatewayResource(Network net, String vpcId) {
    super(net, "igwId", "igw", "igw", "internet gateway", ERRORS, new Api<>(
        id -> net.ec2.describeInternetGateways(b -> b.internetGatewayIds(id)).internetGateways(),
        filters -> net.ec2.describeInternetGateways(b -> b.filters(filters)).internetGateways(),
        InternetGateway::tags, InternetGateway::internetGatewayId));
    this.vpcId = vpcId;
  }

  @Override
  public InternetGateway create() {
    return created(ec2.createInternetGateway(b -> b.tagSpecifications(tagSpec(ResourceType.INTERNET_GATEWAY)))
        .internetGateway());
  }

  @Override
  public List<Setting<InternetGateway>> settings() {
    return List.of(Fix.setting(igw -> attachedTo(igw).contains(vpcId) ? List.of() : List.of(new Fix(
        (attachedTo(igw).isEmpty() ? "is not attached" : "is attached to " + attachedTo(igw))
            + ", expected attached to " + vpcId, () -> attach(igw)))), tags());
  }

  private void attach(InternetGateway igw) {
    if (!attachedTo(igw).isEmpty()) {
      throw new StepException("internet gateway " + igw.internetGatewayId() + " of this environment is attached to "
          + attachedTo(igw) + ", not to the environment's VPC " + vpcId + "; detach it there (or delete it) and run "
          + "'up' again");
    }
    ec2.attachInternetGateway(b -> b.internetGatewayId(igw.internetGatewayId()).vpcId(vpcId));
  }

  private static List<String> attachedTo(InternetGateway igw) {
    return igw.attachments().stream().map(InternetGatewayAttachment::vpcId).toList();
  }

  @Override
  public void delete(InternetGateway igw) {
    for (String vpc : attachedTo(igw)) {
      Network.unless("Gateway.NotAttached",
          () -> ec2.detachInternetGateway(b -> b.internetGatewayId(igw.internetGatewayId()).vpcId(vpc)));
    }
    ec2.deleteInternetGateway(b -> b.internetGatewayId(igw.internetGatewayId()));
  }
}
