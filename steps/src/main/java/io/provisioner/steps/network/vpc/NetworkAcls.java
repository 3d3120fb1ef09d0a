package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RuleAction;

/**
 * One network ACL per tier (seed 000 §VPC: an extra layer under the security groups; seed 004:
 * "Network ACLs can restrict app → data traffic"), with the rules of {@link AclRule#forTier} and
 * the tier's subnets associated. Entries are converged in place: missing ones created, changed ones
 * replaced, extra ones deleted.
 */
final class NetworkAcls {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkAcls.class);

  private final VpcContext vc;

  NetworkAcls(VpcContext vc) {
    this.vc = vc;
  }

  static String key(Tier tier) {
    return "nacl." + tier.key();
  }

  void converge(String vpcId, Map<String, String> subnetIds, List<String> changes) {
    Map<String, NetworkAcl> acls = inVpc(vpcId);
    for (Tier tier : Tier.values()) {
      String key = key(tier);
      NetworkAcl acl = pick(acls, key).orElse(null);
      if (acl == null) {
        vc.intend(key, "CreateNetworkAcl in " + vpcId);
        acl = vc.mutate("create network ACL " + key, () -> vc.ec2().createNetworkAcl(b -> b.vpcId(vpcId)
            .tagSpecifications(vc.tagSpec(ResourceType.NETWORK_ACL, key, tier.key())))).networkAcl();
        LOG.info("created network ACL [step={}] [key={}] [networkAclId={}]", VpcStep.ID, key, acl.networkAclId());
        changes.add("created network ACL " + key + " " + acl.networkAclId());
      }
      vc.remember(key, acl.networkAclId());
      convergeEntries(acl, AclRule.forTier(tier, vc.spec()), changes);
      for (String az : vc.spec().availabilityZones()) {
        convergeAssociation(acls, acl.networkAclId(), subnetIds.get(Subnets.key(tier, az)), changes);
      }
      vc.convergeTags(acl.networkAclId(), acl.tags(), key, tier.key(), changes);
    }
  }

  private void convergeEntries(NetworkAcl acl, List<AclRule> rules, List<String> changes) {
    String aclId = acl.networkAclId();
    Map<String, NetworkAclEntry> live = liveEntries(acl);
    for (AclRule rule : rules) {
      NetworkAclEntry entry = live.remove(rule.slot());
      if (entry == null) {
        vc.mutate("add " + rule.slot() + " to " + aclId, () -> vc.ec2().createNetworkAclEntry(b -> b
            .networkAclId(aclId).ruleNumber(rule.number()).egress(rule.egress()).protocol(rule.protocol())
            .ruleAction(RuleAction.ALLOW).cidrBlock(rule.cidr())
            .portRange(rule.portRange())));
        changes.add("added " + rule.slot() + " (" + rule + ") to " + aclId);
      } else if (!rule.matches(entry)) {
        vc.mutate("replace " + rule.slot() + " of " + aclId, () -> vc.ec2().replaceNetworkAclEntry(b -> b
            .networkAclId(aclId).ruleNumber(rule.number()).egress(rule.egress()).protocol(rule.protocol())
            .ruleAction(RuleAction.ALLOW).cidrBlock(rule.cidr())
            .portRange(rule.portRange())));
        changes.add("replaced " + rule.slot() + " of " + aclId + " with " + rule);
      }
    }
    for (NetworkAclEntry extra : live.values()) {
      vc.mutate("delete " + AclRule.slot(extra) + " of " + aclId, () -> vc.ec2().deleteNetworkAclEntry(b -> b
          .networkAclId(aclId).ruleNumber(extra.ruleNumber()).egress(extra.egress())));
      changes.add("deleted unexpected " + AclRule.slot(extra) + " of " + aclId);
    }
  }

  /** Every subnet has exactly one ACL association; moves it to {@code aclId} when elsewhere. */
  private void convergeAssociation(Map<String, NetworkAcl> acls, String aclId, String subnetId,
      List<String> changes) {
    NetworkAclAssociation current = associationOf(acls, subnetId).orElseThrow(() -> new StepException(
        "subnet " + subnetId + " has no network ACL association yet; run 'up' again in a moment"));
    if (!aclId.equals(current.networkAclId())) {
      vc.mutate("move " + subnetId + " to network ACL " + aclId, () -> vc.ec2().replaceNetworkAclAssociation(b -> b
          .associationId(current.networkAclAssociationId()).networkAclId(aclId)));
      changes.add("moved " + subnetId + " to network ACL " + aclId);
    }
  }

  void verify(String vpcId, Map<String, String> subnetIds, List<String> differences) {
    Map<String, NetworkAcl> acls = inVpc(vpcId);
    for (Tier tier : Tier.values()) {
      String key = key(tier);
      Optional<NetworkAcl> found = pick(acls, key);
      if (found.isEmpty()) {
        differences.add("network ACL " + key + " is missing");
        continue;
      }
      NetworkAcl acl = found.get();
      String label = "network ACL " + key + " (" + acl.networkAclId() + ")";
      Map<String, NetworkAclEntry> live = liveEntries(acl);
      for (AclRule rule : AclRule.forTier(tier, vc.spec())) {
        NetworkAclEntry entry = live.remove(rule.slot());
        if (entry == null) {
          differences.add(label + ": " + rule.slot() + " (" + rule + ") is missing");
        } else if (!rule.matches(entry)) {
          differences.add(label + ": " + rule.slot() + " is " + AclRule.describe(entry) + ", expected " + rule);
        }
      }
      live.values().forEach(extra -> differences.add(label + ": unexpected " + AclRule.slot(extra) + " "
          + AclRule.describe(extra)));
      for (String az : vc.spec().availabilityZones()) {
        String subnetId = subnetIds.get(Subnets.key(tier, az));
        if (subnetId == null) {
          continue;
        }
        Optional<NetworkAclAssociation> association = associationOf(acls, subnetId);
        if (association.isEmpty() || !acl.networkAclId().equals(association.get().networkAclId())) {
          differences.add(label + ": subnet " + Subnets.key(tier, az) + " (" + subnetId + ") uses network ACL "
              + association.map(NetworkAclAssociation::networkAclId).orElse("(none)") + ", expected this one");
        }
      }
      vc.tagDifferences(label, acl.tags(), key, tier.key(), differences);
    }
  }

  private static Map<String, NetworkAclEntry> liveEntries(NetworkAcl acl) {
    Map<String, NetworkAclEntry> live = new LinkedHashMap<>();
    acl.entries().stream().filter(e -> !AclRule.isDefaultDeny(e)).filter(e -> e.cidrBlock() != null)
        .forEach(e -> live.put(AclRule.slot(e), e));
    return live;
  }

  private static Optional<NetworkAclAssociation> associationOf(Map<String, NetworkAcl> acls, String subnetId) {
    return acls.values().stream().flatMap(a -> a.associations().stream())
        .filter(a -> subnetId.equals(a.subnetId())).findFirst();
  }

  private Optional<NetworkAcl> pick(Map<String, NetworkAcl> acls, String key) {
    Optional<NetworkAcl> recorded = vc.recorded(key).map(acls::get);
    if (recorded.isPresent()) {
      return recorded;
    }
    return acls.values().stream().filter(a -> vc.keyOf(a.tags()).filter(key::equals).isPresent()).findFirst();
  }

  private Map<String, NetworkAcl> inVpc(String vpcId) {
    Map<String, NetworkAcl> byId = new LinkedHashMap<>();
    vc.ec2().describeNetworkAclsPaginator(b -> b.filters(VpcContext.filter("vpc-id", vpcId))).networkAcls()
        .forEach(a -> byId.put(a.networkAclId(), a));
    return byId;
  }

  /**
   * Moves the subnets of every ACL of this env and step back to their VPC's default ACL, then
   * deletes the ACLs; not found is done.
   */
  void rollback() {
    Map<String, String> ids = new LinkedHashMap<>(vc.recordedWithPrefix("nacl."));
    List<NetworkAcl> tagged = new ArrayList<>();
    vc.ec2().describeNetworkAclsPaginator(b -> b.filters(vc.ownedByStep())).networkAcls().forEach(tagged::add);
    tagged.forEach(a -> ids.putIfAbsent(a.networkAclId(), vc.keyOf(a.tags()).orElse(a.networkAclId())));
    for (Map.Entry<String, String> entry : ids.entrySet()) {
      String aclId = entry.getKey();
      Optional<NetworkAcl> acl = describe(aclId);
      if (acl.isPresent() && !acl.get().associations().isEmpty()) {
        String defaultAclId = defaultAcl(acl.get().vpcId());
        for (NetworkAclAssociation association : acl.get().associations()) {
          VpcContext.ignoreNotFound(() -> vc.ec2().replaceNetworkAclAssociation(b -> b
              .associationId(association.networkAclAssociationId()).networkAclId(defaultAclId)));
        }
      }
      VpcContext.ignoreNotFound(() -> vc.ec2().deleteNetworkAcl(b -> b.networkAclId(aclId)));
      LOG.info("deleted network ACL [step={}] [key={}] [networkAclId={}]", VpcStep.ID, entry.getValue(), aclId);
      vc.forget(entry.getValue());
    }
  }

  private Optional<NetworkAcl> describe(String aclId) {
    try {
      return vc.ec2().describeNetworkAcls(b -> b.networkAclIds(aclId)).networkAcls().stream().findFirst();
    } catch (Ec2Exception e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private String defaultAcl(String vpcId) {
    return vc.ec2().describeNetworkAcls(b -> b.filters(VpcContext.filter("vpc-id", vpcId),
            VpcContext.filter("default", "true"))).networkAcls().stream()
        .map(NetworkAcl::networkAclId).findFirst()
        .orElseThrow(() -> new StepException("VPC " + vpcId + " has no default network ACL to move subnets back to"));
  }
}
