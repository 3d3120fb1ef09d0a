package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.support.ClientTokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.ConnectivityType;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * NAT gateways with their Elastic IPs: one per AZ in that AZ's public subnet ({@code PER_AZ}), or
 * one in the first AZ ({@code SINGLE}). CreateNatGateway gets a client token derived from env, step
 * and AZ, and the gateway is looked up by its tags first, so a lost response never makes a twin.
 */
final class NatGateways {
  private static final Logger LOG = LoggerFactory.getLogger(NatGateways.class);
  private static final String[] LIVE_STATES = {"pending", "available"};

  private final VpcContext vc;

  NatGateways(VpcContext vc) {
    this.vc = vc;
  }

  static String natKey(String az) {
    return "nat." + az;
  }

  static String eipKey(String az) {
    return "eip." + az;
  }

  /** Adopts or creates the EIP and NAT gateway of every NAT AZ; returns NAT ids by AZ. */
  Map<String, String> converge(String vpcId, Map<String, String> subnetIds, List<String> changes) {
    Map<String, Address> addresses = addresses();
    Map<String, NatGateway> gateways = gateways(vpcId);
    Map<String, String> natIds = new LinkedHashMap<>();
    List<String> pending = new ArrayList<>();
    for (String az : vc.natAzs()) {
      Address eip = pickAddress(addresses, az).orElse(null);
      if (eip == null) {
        eip = allocate(az);
        changes.add("allocated Elastic IP " + eip.allocationId() + " for " + az);
      }
      vc.remember(eipKey(az), eip.allocationId());
      vc.convergeTags(eip.allocationId(), eip.tags(), eipKey(az), "nat-" + az, changes);

      NatGateway nat = pickGateway(gateways, az).orElse(null);
      if (nat == null) {
        nat = create(az, subnetIds.get(Subnets.key(Tier.PUBLIC, az)), eip.allocationId());
        changes.add("created NAT gateway " + nat.natGatewayId() + " in " + az);
      }
      vc.remember(natKey(az), nat.natGatewayId());
      if (nat.state() == NatGatewayState.PENDING) {
        pending.add(nat.natGatewayId());
      } else if (nat.state() != NatGatewayState.AVAILABLE) {
        throw new StepException("NAT gateway " + nat.natGatewayId() + " in " + az + " is " + nat.stateAsString()
            + (nat.failureMessage() == null ? "" : " (" + nat.failureCode() + ": " + nat.failureMessage() + ")")
            + "; delete it and run 'up' again");
      }
      vc.convergeTags(nat.natGatewayId(), nat.tags(), natKey(az), "nat-" + az, changes);
      natIds.put(az, nat.natGatewayId());
    }
    if (!pending.isEmpty()) {
      waitAvailable(pending);
    }
    return natIds;
  }

  private Address allocate(String az) {
    vc.intend(eipKey(az), "AllocateAddress for the NAT gateway in " + az);
    var response = vc.ec2().allocateAddress(b -> b.domain(DomainType.VPC)
        .tagSpecifications(vc.tagSpec(ResourceType.ELASTIC_IP, eipKey(az), "nat-" + az)));
    vc.remember(eipKey(az), response.allocationId());
    LOG.info("allocated Elastic IP [step={}] [az={}] [allocationId={}]", VpcStep.ID, az, response.allocationId());
    return Address.builder().allocationId(response.allocationId()).publicIp(response.publicIp())
        .tags(VpcContext.ec2Tags(vc.tags(eipKey(az), "nat-" + az))).build();
  }

  private NatGateway create(String az, String subnetId, String allocationId) {
    String key = natKey(az);
    vc.intend(key, "CreateNatGateway in " + subnetId + " with " + allocationId);
    String token = ClientTokens.of(vc.step().env(), VpcStep.ID, key + "|" + subnetId + "|" + allocationId);
    NatGateway nat = vc.mutate("create NAT gateway in " + az, () -> vc.ec2().createNatGateway(b -> b
        .subnetId(subnetId).allocationId(allocationId).connectivityType(ConnectivityType.PUBLIC)
        .clientToken(token)
        .tagSpecifications(vc.tagSpec(ResourceType.NATGATEWAY, key, "nat-" + az)))).natGateway();
    vc.remember(key, nat.natGatewayId());
    LOG.info("created NAT gateway [step={}] [az={}] [natGatewayId={}]", VpcStep.ID, az, nat.natGatewayId());
    return nat;
  }

  private void waitAvailable(List<String> natIds) {
    try (var waiter = vc.ec2().waiter()) {
      waiter.waitUntilNatGatewayAvailable(DescribeNatGatewaysRequest.builder().natGatewayIds(natIds).build(),
          vc.waiterConfig());
    }
  }

  /** Read-only differences; returns the NAT ids found, by AZ. */
  Map<String, String> verify(String vpcId, List<String> differences) {
    Map<String, Address> addresses = addresses();
    Map<String, NatGateway> gateways = gateways(vpcId);
    Map<String, String> natIds = new LinkedHashMap<>();
    for (String az : vc.natAzs()) {
      Optional<Address> eip = pickAddress(addresses, az);
      if (eip.isEmpty()) {
        differences.add("Elastic IP " + eipKey(az) + " is missing");
      }
      Optional<NatGateway> nat = pickGateway(gateways, az);
      if (nat.isEmpty()) {
        differences.add("NAT gateway " + natKey(az) + " is missing");
        continue;
      }
      String label = "NAT gateway " + natKey(az) + " (" + nat.get().natGatewayId() + ")";
      natIds.put(az, nat.get().natGatewayId());
      if (nat.get().state() != NatGatewayState.AVAILABLE) {
        differences.add(label + ": state is " + nat.get().stateAsString() + ", expected available");
      }
      vc.tagDifferences(label, nat.get().tags(), natKey(az), "nat-" + az, differences);
    }
    for (NatGateway nat : surplus(gateways)) {
      differences.add("NAT gateway " + nat.natGatewayId() + " (" + vc.keyOf(nat.tags()).orElse("") + ") is not "
          + "expected with natGateways=" + vc.spec().natGateways());
    }
    return natIds;
  }

  /**
   * Our NAT gateways of AZs that the spec lists but that get no NAT gateway of their own (after a
   * switch from {@code PER_AZ} to {@code SINGLE}). Gateways of AZs the spec no longer lists are not
   * surplus: their subnets still route through them.
   */
  private List<NatGateway> surplus(Map<String, NatGateway> gateways) {
    List<NatGateway> surplus = new ArrayList<>();
    for (NatGateway nat : gateways.values()) {
      String key = vc.keyOf(nat.tags()).orElse("");
      String az = key.startsWith("nat.") ? key.substring("nat.".length()) : "";
      if (vc.spec().availabilityZones().contains(az) && !vc.natAzs().contains(az)) {
        surplus.add(nat);
      }
    }
    return surplus;
  }

  /**
   * Deletes the surplus NAT gateways and releases their Elastic IPs, once the route tables no
   * longer use them (call after {@link RouteTables#converge}).
   */
  void pruneSurplus(String vpcId, List<String> changes) {
    List<NatGateway> surplus = surplus(gateways(vpcId));
    if (surplus.isEmpty()) {
      return;
    }
    List<String> ids = surplus.stream().map(NatGateway::natGatewayId).toList();
    for (String id : ids) {
      vc.mutate("delete surplus NAT gateway " + id, () -> vc.ec2().deleteNatGateway(b -> b.natGatewayId(id)));
    }
    try (var waiter = vc.ec2().waiter()) {
      waiter.waitUntilNatGatewayDeleted(DescribeNatGatewaysRequest.builder().natGatewayIds(ids).build(),
          vc.waiterConfig());
    }
    Map<String, Address> addresses = addresses();
    for (NatGateway nat : surplus) {
      String az = vc.keyOf(nat.tags()).orElse("nat.").substring("nat.".length());
      vc.forget(natKey(az));
      Optional<Address> eip = pickAddress(addresses, az);
      if (eip.isPresent()) {
        String allocationId = eip.get().allocationId();
        VpcContext.ignoreNotFound(() -> vc.ec2().releaseAddress(b -> b.allocationId(allocationId)));
        changes.add("released Elastic IP " + allocationId + " of " + az);
      }
      vc.forget(eipKey(az));
      changes.add("deleted NAT gateway " + nat.natGatewayId() + " of " + az + " (natGateways="
          + vc.spec().natGateways() + ")");
    }
  }

  private Optional<Address> pickAddress(Map<String, Address> addresses, String az) {
    Optional<Address> recorded = vc.recorded(eipKey(az)).map(addresses::get);
    if (recorded.isPresent()) {
      return recorded;
    }
    return addresses.values().stream()
        .filter(a -> vc.keyOf(a.tags()).filter(eipKey(az)::equals).isPresent()).findFirst();
  }

  private Optional<NatGateway> pickGateway(Map<String, NatGateway> gateways, String az) {
    Optional<NatGateway> recorded = vc.recorded(natKey(az)).map(gateways::get);
    if (recorded.isPresent()) {
      return recorded;
    }
    return gateways.values().stream()
        .filter(n -> vc.keyOf(n.tags()).filter(natKey(az)::equals).isPresent()).findFirst();
  }

  /** The Elastic IPs of this env and step, by allocation id. */
  private Map<String, Address> addresses() {
    Map<String, Address> byId = new LinkedHashMap<>();
    vc.ec2().describeAddresses(b -> b.filters(vc.ownedByStep())).addresses()
        .forEach(a -> byId.put(a.allocationId(), a));
    return byId;
  }

  /** The pending or available NAT gateways of a VPC, by id. */
  private Map<String, NatGateway> gateways(String vpcId) {
    Map<String, NatGateway> byId = new LinkedHashMap<>();
    vc.ec2().describeNatGatewaysPaginator(b -> b.filter(VpcContext.filter("vpc-id", vpcId),
        VpcContext.filter("state", LIVE_STATES))).natGateways().forEach(n -> byId.put(n.natGatewayId(), n));
    return byId;
  }

  /**
   * Deletes every NAT gateway of this env and step and waits until they are gone, then releases
   * the Elastic IPs; not found is done.
   */
  void rollback() {
    Map<String, String> natIds = new LinkedHashMap<>();
    vc.recordedWithPrefix("nat.").forEach(natIds::put);
    List<Filter> live = new ArrayList<>(vc.ownedByStep());
    live.add(VpcContext.filter("state", LIVE_STATES));
    vc.ec2().describeNatGatewaysPaginator(b -> b.filter(live)).natGateways().forEach(n -> natIds.putIfAbsent(n.natGatewayId(), vc.keyOf(n.tags()).orElse("")));
    List<String> deleting = new ArrayList<>();
    natIds.forEach((id, key) -> {
      if (isLive(id)) {
        VpcContext.ignoreNotFound(() -> vc.ec2().deleteNatGateway(b -> b.natGatewayId(id)));
        LOG.info("deleting NAT gateway [step={}] [natGatewayId={}]", VpcStep.ID, id);
        deleting.add(id);
      }
    });
    if (!deleting.isEmpty()) {
      try (var waiter = vc.ec2().waiter()) {
        waiter.waitUntilNatGatewayDeleted(DescribeNatGatewaysRequest.builder().natGatewayIds(deleting).build(),
            vc.waiterConfig());
      }
    }
    natIds.values().stream().filter(k -> !k.isEmpty()).forEach(vc::forget);

    Map<String, String> allocations = new LinkedHashMap<>();
    vc.recordedWithPrefix("eip.").forEach(allocations::put);
    addresses().forEach((id, a) -> allocations.putIfAbsent(id, vc.keyOf(a.tags()).orElse("")));
    allocations.forEach((id, key) -> {
      VpcContext.ignoreNotFound(() -> vc.ec2().releaseAddress(b -> b.allocationId(id)));
      LOG.info("released Elastic IP [step={}] [allocationId={}]", VpcStep.ID, id);
      if (!key.isEmpty()) {
        vc.forget(key);
      }
    });
  }

  private boolean isLive(String natId) {
    try {
      return vc.ec2().describeNatGateways(b -> b.natGatewayIds(natId)).natGateways().stream()
          .anyMatch(n -> n.state() == NatGatewayState.PENDING || n.state() == NatGatewayState.AVAILABLE);
    } catch (Ec2Exception e) {
      if (AwsErrors.isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }
}
