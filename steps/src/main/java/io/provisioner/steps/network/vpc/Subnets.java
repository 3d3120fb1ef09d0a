package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * One subnet per tier and AZ, keyed by the AZ's name ({@code subnet.app.us-east-1b}), never by its
 * position in the list, so adding an AZ never moves an existing subnet. No subnet maps public IPs
 * on launch: the public tier is for load balancers and NAT gateways only.
 */
final class Subnets {
  private static final Logger LOG = LoggerFactory.getLogger(Subnets.class);

  private final VpcContext vc;

  Subnets(VpcContext vc) {
    this.vc = vc;
  }

  /** Checkpoint key and logical key of a subnet, e.g. {@code subnet.data.us-east-1c}. */
  static String key(Tier tier, String az) {
    return "subnet." + tier.key() + "." + az;
  }

  private static String suffix(Tier tier, String az) {
    return tier.key() + "-" + az;
  }

  /** Adopts or creates every subnet of the spec; returns subnet ids by key. */
  Map<String, String> converge(String vpcId, List<String> changes) {
    Map<String, Subnet> existing = inVpc(vpcId);
    Map<String, String> ids = new LinkedHashMap<>();
    for (Tier tier : Tier.values()) {
      for (String az : vc.spec().availabilityZones()) {
        String key = key(tier, az);
        String cidr = vc.spec().subnets().of(tier).get(az);
        Subnet subnet = pick(existing, key).orElse(null);
        if (subnet == null) {
          subnet = create(vpcId, tier, az, cidr);
          changes.add("created subnet " + key + " " + subnet.subnetId());
        }
        vc.remember(key, subnet.subnetId());
        if (!cidr.equals(subnet.cidrBlock())) {
          throw new StepException("subnets." + tier.key() + "." + az + ": subnet " + subnet.subnetId() + " has CIDR "
              + subnet.cidrBlock() + " but the profile says " + cidr + "; a subnet's CIDR cannot change in place. "
              + "Put it back to " + subnet.cidrBlock() + ", or roll back network.vpc and run 'up' again");
        }
        if (!az.equals(subnet.availabilityZone())) {
          throw new StepException("subnets." + tier.key() + "." + az + ": subnet " + subnet.subnetId() + " is in "
              + subnet.availabilityZone() + ", not " + az + "; delete it and run 'up' again");
        }
        if (Boolean.TRUE.equals(subnet.mapPublicIpOnLaunch())) {
          String id = subnet.subnetId();
          vc.mutate("turn off public IPs on launch in " + id,
              () -> vc.ec2().modifySubnetAttribute(b -> b.subnetId(id).mapPublicIpOnLaunch(v -> v.value(false))));
          changes.add("turned off public IPs on launch in " + key);
        }
        vc.convergeTags(subnet.subnetId(), subnet.tags(), key, suffix(tier, az), changes);
        ids.put(key, subnet.subnetId());
      }
    }
    return ids;
  }

  private Subnet create(String vpcId, Tier tier, String az, String cidr) {
    String key = key(tier, az);
    vc.intend(key, "CreateSubnet " + cidr + " in " + az);
    Subnet subnet = vc.mutate("create subnet " + key, () -> vc.ec2().createSubnet(b -> b.vpcId(vpcId)
        .cidrBlock(cidr).availabilityZone(az)
        .tagSpecifications(vc.tagSpec(ResourceType.SUBNET, key, suffix(tier, az))))).subnet();
    vc.remember(key, subnet.subnetId());
    LOG.info("created subnet [step={}] [key={}] [subnetId={}] [cidr={}]", VpcStep.ID, key, subnet.subnetId(), cidr);
    return subnet;
  }

  /** Read-only differences; returns the subnet ids found, by key. */
  Map<String, String> verify(String vpcId, List<String> differences) {
    Map<String, Subnet> existing = inVpc(vpcId);
    Map<String, String> ids = new LinkedHashMap<>();
    for (Tier tier : Tier.values()) {
      for (String az : vc.spec().availabilityZones()) {
        String key = key(tier, az);
        String cidr = vc.spec().subnets().of(tier).get(az);
        Optional<Subnet> found = pick(existing, key);
        if (found.isEmpty()) {
          differences.add("subnet " + key + " (" + cidr + ") is missing");
          continue;
        }
        Subnet subnet = found.get();
        ids.put(key, subnet.subnetId());
        String label = "subnet " + key + " (" + subnet.subnetId() + ")";
        if (!cidr.equals(subnet.cidrBlock())) {
          differences.add(label + ": CIDR is " + subnet.cidrBlock() + ", expected " + cidr
              + " (cannot change in place)");
        }
        if (Boolean.TRUE.equals(subnet.mapPublicIpOnLaunch())) {
          differences.add(label + ": maps public IPs on launch, expected off");
        }
        vc.tagDifferences(label, subnet.tags(), key, suffix(tier, az), differences);
      }
    }
    for (Subnet subnet : existing.values()) {
      String key = vc.keyOf(subnet.tags()).orElse("");
      if (key.startsWith("subnet.") && !vc.spec().availabilityZones().contains(subnet.availabilityZone())) {
        differences.add("subnet " + key + " (" + subnet.subnetId() + ") is in " + subnet.availabilityZone()
            + ", which availabilityZones no longer lists; AZs are not removed in place: move the workloads out and"
            + " delete its resources by hand, or list the AZ again");
      }
    }
    return ids;
  }

  /** The recorded subnet of a key when it is in the VPC, else the one tagged with the key. */
  private Optional<Subnet> pick(Map<String, Subnet> existing, String key) {
    Optional<Subnet> recorded = vc.recorded(key).map(existing::get);
    if (recorded.isPresent()) {
      return recorded;
    }
    return existing.values().stream().filter(s -> vc.keyOf(s.tags()).filter(key::equals).isPresent()).findFirst();
  }

  /** All subnets of a VPC by id. */
  private Map<String, Subnet> inVpc(String vpcId) {
    Map<String, Subnet> byId = new LinkedHashMap<>();
    vc.ec2().describeSubnetsPaginator(b -> b.filters(VpcContext.filter("vpc-id", vpcId))).subnets()
        .forEach(s -> byId.put(s.subnetId(), s));
    return byId;
  }

  /** Deletes every subnet of this env and step (tagged or recorded); not found is done. */
  void rollback() {
    Map<String, String> ids = new LinkedHashMap<>(vc.recordedWithPrefix("subnet."));
    List<Subnet> tagged = new ArrayList<>();
    vc.ec2().describeSubnetsPaginator(b -> b.filters(vc.ownedByStep())).subnets().forEach(tagged::add);
    tagged.forEach(s -> ids.putIfAbsent(s.subnetId(), vc.keyOf(s.tags()).orElse(s.subnetId())));
    ids.forEach((id, key) -> {
      VpcContext.ignoreNotFound(() -> vc.ec2().deleteSubnet(b -> b.subnetId(id)));
      LOG.info("deleted subnet [step={}] [key={}] [subnetId={}]", VpcStep.ID, key, id);
      vc.forget(key);
    });
  }
}
