package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Await;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.ConnectivityType;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The NAT gateway of one AZ ({@code nat.us-east-1a}) in that AZ's public subnet, with its Elastic
 * IP. Pending until available. Deleting, deleted and failed ones are leftovers (AWS removes failed
 * ones itself) that cannot come back: converge first {@link #forgetLeftover forgets} a recorded one
 * and makes a new gateway, and the lookup finds only pending or available ones. CreateNatGateway
 * gets a client token of key, subnet, Elastic IP and the leftover it replaces, so a retried call
 * never makes a twin. Its deletion is awaited: only then can its Elastic IP be released and its
 * subnet deleted.
 */
final class NatGatewayResource extends Ec2Resource<NatGateway> {
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("NatGatewayNotFound")
      .notYetVisible("InvalidSubnetID.NotFound", "InvalidAllocationID.NotFound");
  private static final Set<NatGatewayState> LEFTOVER =
      Set.of(NatGatewayState.DELETING, NatGatewayState.DELETED, NatGatewayState.FAILED);

  private final String subnetId;
  private final String allocationId;
  private String replaces = "";
  private String createdId = "";

  /** The public subnet and the Elastic IP are null where the gateway is only found or deleted. */
  NatGatewayResource(Network net, String vpcId, String az, String subnetId, String allocationId) {
    super(net, "nat." + az, "nat." + az, "nat-" + az, "NAT gateway nat." + az, ERRORS, new Api<>(
        id -> net.ec2.describeNatGateways(b -> b.natGatewayIds(id)).natGateways(),
        filters -> net.ec2.describeNatGatewaysPaginator(b -> b.filter(filters)).natGateways().stream().toList(),
        NatGateway::tags, NatGateway::natGatewayId),
        Network.filter("vpc-id", vpcId), Network.filter("state", "pending", "available"));
    this.subnetId = subnetId;
    this.allocationId = allocationId;
  }

  /** Drops the recorded id when it names a leftover, so that converge makes a new gateway. */
  void forgetLeftover() {
    try {
      net.ctx.checkpoints().get(key()).flatMap(this::read).filter(this::deleted).ifPresent(old -> {
        replaces = old.natGatewayId();
        net.ctx.checkpoints().remove(key());
      });
    } catch (SdkException e) {
      throw new StepException("read " + description() + " failed: " + e.getMessage(), e);
    }
  }

  /** A gateway this pass created that failed ends the wait for it with AWS's reason. */
  @Override
  public Optional<NatGateway> read(String id) {
    Optional<NatGateway> nat = super.read(id);
    if (nat.filter(n -> n.state() == NatGatewayState.FAILED && createdId.equals(id)).isPresent()) {
      throw new StepException(description() + " (" + id + ") failed: " + nat.get().failureCode() + ": "
          + nat.get().failureMessage() + "; fix the cause and run 'up' again");
    }
    return nat;
  }

  @Override
  public NatGateway create() {
    NatGateway nat = ec2.createNatGateway(b -> b.subnetId(subnetId).allocationId(allocationId)
        .connectivityType(ConnectivityType.PUBLIC).clientToken(clientToken(subnetId, allocationId, replaces))
        .tagSpecifications(tagSpec(ResourceType.NATGATEWAY))).natGateway();
    createdId = nat.natGatewayId();
    return created(nat);
  }

  @Override
  public List<Setting<NatGateway>> settings() {
    return List.of(Setting.fixed("subnet", NatGateway::subnetId, subnetId, "delete the NAT gateway and run 'up' "
        + "again"), tags());
  }

  @Override
  public Optional<String> pending(NatGateway nat) {
    return nat.state() == NatGatewayState.PENDING ? Optional.of("state is pending") : Optional.empty();
  }

  @Override
  public boolean deleted(NatGateway nat) {
    return LEFTOVER.contains(nat.state());
  }

  /**
   * Deletes it and waits with the SDK's waiter until it is deleted, which {@link #awaitDeletion}
   * cannot do here: for the loop a gateway in state deleting is already a leftover.
   */
  @Override
  public void delete(NatGateway nat) {
    ec2.deleteNatGateway(b -> b.natGatewayId(nat.natGatewayId()));
    try (var waiter = ec2.waiter()) {
      waiter.waitUntilNatGatewayDeleted(DescribeNatGatewaysRequest.builder().natGatewayIds(nat.natGatewayId()).build(),
          Await.config(net.ctx.waits()));
    }
  }
}
