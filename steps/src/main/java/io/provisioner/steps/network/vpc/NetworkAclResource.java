package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Await;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RuleAction;

/**
 * The network ACL of one tier ({@code nacl.data}; seed 004: "Network ACLs can restrict app → data
 * traffic") with the rules of {@link AclRule#forTier} and the tier's subnets as settings. Entries
 * are converged in place: missing ones created, changed ones replaced, others deleted; AWS's
 * default deny is never touched. Every subnet has one ACL association, which is moved here.
 * Deleting moves the subnets back to the VPC's default ACL first.
 */
final class NetworkAclResource extends Ec2Resource<NetworkAcl> {
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("InvalidNetworkAclID.NotFound")
      .notYetVisible("InvalidVpcID.NotFound", "InvalidNetworkAclID.NotFound", "InvalidAssociationID.NotFound");

  private final String vpcId;
  private final Tier tier;
  private final List<String> subnetIds;

  NetworkAclResource(Network net, String vpcId, Tier tier, List<String> subnetIds) {
    super(net, "nacl." + tier.key(), "nacl." + tier.key(), tier.key(), "network ACL nacl." + tier.key(), ERRORS,
        new Api<>(id -> net.ec2.describeNetworkAcls(b -> b.networkAclIds(id).filters(Network.filter("vpc-id", vpcId)))
            .networkAcls(),
            filters -> net.ec2.describeNetworkAclsPaginator(b -> b.filters(filters)).networkAcls().stream().toList(),
            NetworkAcl::tags, NetworkAcl::networkAclId), Network.filter("vpc-id", vpcId));
    this.vpcId = vpcId;
    this.tier = tier;
    this.subnetIds = List.copyOf(subnetIds);
  }

  @Override
  public NetworkAcl create() {
    return created(ec2.createNetworkAcl(b -> b.vpcId(vpcId).clientToken(clientToken(vpcId))
        .tagSpecifications(tagSpec(ResourceType.NETWORK_ACL))).networkAcl());
  }

  @Override
  public List<Setting<NetworkAcl>> settings() {
    List<Setting<NetworkAcl>> settings = new ArrayList<>(List.of(Fix.setting(this::entries)));
    subnetIds.forEach(subnetId -> settings.add(Fix.setting(acl -> association(acl, subnetId))));
    settings.add(tags());
    return settings;
  }

  /** The allow entries of the tier, by direction and rule number. */
  private List<Fix> entries(NetworkAcl acl) {
    String id = acl.networkAclId();
    Map<String, NetworkAclEntry> live = new LinkedHashMap<>();
    acl.entries().stream().filter(e -> !AclRule.isDefaultDeny(e) && e.cidrBlock() != null)
        .forEach(e -> live.put(AclRule.slot(e), e));
    List<Fix> fixes = new ArrayList<>();
    for (AclRule rule : AclRule.forTier(tier, net.spec)) {
      NetworkAclEntry entry = live.remove(rule.slot());
      if (entry == null) {
        fixes.add(new Fix(rule.slot() + " (" + rule + ") is missing", () -> ec2.createNetworkAclEntry(b -> b
            .networkAclId(id).ruleNumber(rule.number()).egress(rule.egress()).protocol(rule.protocol())
            .ruleAction(RuleAction.ALLOW).cidrBlock(rule.cidr()).portRange(rule.portRange()))));
      } else if (!rule.matches(entry)) {
        fixes.add(new Fix(rule.slot() + " is " + AclRule.describe(entry) + ", expected " + rule,
            () -> ec2.replaceNetworkAclEntry(b -> b.networkAclId(id).ruleNumber(rule.number()).egress(rule.egress())
                .protocol(rule.protocol()).ruleAction(RuleAction.ALLOW).cidrBlock(rule.cidr())
                .portRange(rule.portRange()))));
      }
    }
    live.values().forEach(extra -> fixes.add(new Fix("unexpected " + AclRule.slot(extra) + " "
        + AclRule.describe(extra), () -> ec2.deleteNetworkAclEntry(b -> b.networkAclId(id)
            .ruleNumber(extra.ruleNumber()).egress(extra.egress())))));
    return fixes;
  }

  /** The subnet on this ACL: its association, which a new subnet gets a moment after it is made, is moved. */
  private List<Fix> association(NetworkAcl acl, String subnetId) {
    if (acl.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId()))) {
      return List.of();
    }
    return List.of(new Fix("subnet " + subnetId + " is not on it", () -> {
      NetworkAclAssociation current = Await.until(net.ctx.waits(), "the network ACL association of " + subnetId,
          () -> ec2.describeNetworkAcls(b -> b.filters(Network.filter("association.subnet-id", subnetId)))
              .networkAcls().stream().flatMap(a -> a.associations().stream())
              .filter(a -> subnetId.equals(a.subnetId())).findFirst(), Optional::isPresent).get();
      ec2.replaceNetworkAclAssociation(b -> b.associationId(current.networkAclAssociationId())
          .networkAclId(acl.networkAclId()));
    }));
  }

  @Override
  public void delete(NetworkAcl acl) {
    if (!acl.associations().isEmpty()) {
      String defaultAcl = ec2.describeNetworkAcls(b -> b.filters(Network.filter("vpc-id", acl.vpcId()),
              Network.filter("default", "true"))).networkAcls().stream().map(NetworkAcl::networkAclId).findFirst()
          .orElseThrow(() -> new StepException("VPC " + acl.vpcId() + " has no default network ACL to move the "
              + "subnets of " + description() + " back to"));
      acl.associations().forEach(a -> Network.unless("InvalidAssociationID.NotFound", () -> ec2
          .replaceNetworkAclAssociation(b -> b.associationId(a.networkAclAssociationId()).networkAclId(defaultAcl))));
    }
    ec2.deleteNetworkAcl(b -> b.networkAclId(acl.networkAclId()));
  }
}
