package io.provisioner.steps.network.securitygroups;

import io.provisioner.steps.network.securitygroups.Rule.Peer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rules every group should have, each its own resource (seed 000: separate ingress and egress
 * rule resources, referenced groups instead of CIDRs where possible, explicit egress everywhere):
 *
 * <ul>
 *   <li>{@code alb}: in 80 and 443 from the allowed CIDRs; out the app port to {@code ecs};
 *   <li>{@code ecs}: in the app port from {@code alb}; out 443 to 0.0.0.0/0 (AWS APIs through the
 *       NAT gateways or the endpoints), the database port to {@code rds}, the cache port to {@code
 *       redis};
 *   <li>{@code rds}: in the database port from {@code ecs}; no egress;
 *   <li>{@code redis}: in the cache port from {@code ecs}; no egress;
 *   <li>{@code endpoints}: in 443 from the VPC CIDR; no egress.
 * </ul>
 *
 * The default allow-all egress EC2 gives every new group is not in the plan, so it is revoked.
 */
final class RulePlan {

  /** One rule of the plan: its logical key (tag {@code provisioner:key}), identity and description. */
  record DesiredRule(String key, Rule rule, String description) {}

  private final SecurityGroupsSpec spec;
  private final String vpcCidr;
  private final Map<GroupRole, String> ids;
  private final Map<GroupRole, List<DesiredRule>> rules = new EnumMap<>(GroupRole.class);

  private RulePlan(SecurityGroupsSpec spec, String vpcCidr, Map<GroupRole, String> ids) {
    this.spec = spec;
    this.vpcCidr = vpcCidr;
    this.ids = ids;
    for (GroupRole role : GroupRole.values()) {
      rules.put(role, new ArrayList<>());
    }
    build();
  }

  /** The plan for groups with these ids ({@code ids} must name every role). */
  static RulePlan of(SecurityGroupsSpec spec, String vpcCidr, Map<GroupRole, String> ids) {
    for (GroupRole role : GroupRole.values()) {
      if (!ids.containsKey(role)) {
        throw new IllegalArgumentException("no group id for " + role.key());
      }
    }
    return new RulePlan(spec, vpcCidr, Map.copyOf(ids));
  }

  List<DesiredRule> rulesOf(GroupRole role) {
    return List.copyOf(rules.get(role));
  }

  List<Rule> identitiesOf(GroupRole role) {
    return rules.get(role).stream().map(DesiredRule::rule).toList();
  }

  private void build() {
    for (String cidr : spec.albIngressCidrs()) {
      ingress(GroupRole.ALB, 80, Peer.cidr(cidr), cidr, "HTTP from " + cidr + " (redirected to HTTPS)");
      ingress(GroupRole.ALB, 443, Peer.cidr(cidr), cidr, "HTTPS from " + cidr);
    }
    egress(GroupRole.ALB, spec.appPort(), GroupRole.ECS, "to the ECS tasks");

    ingress(GroupRole.ECS, spec.appPort(), group(GroupRole.ALB), GroupRole.ALB.key(), "from the load balancer");
    egress(GroupRole.ECS, 443, Peer.cidr("0.0.0.0/0"), "0.0.0.0/0",
        "HTTPS to AWS APIs through the NAT gateways or VPC endpoints");
    egress(GroupRole.ECS, spec.databasePort(), GroupRole.RDS, "to the database");
    egress(GroupRole.ECS, spec.cachePort(), GroupRole.REDIS, "to the cache");

    ingress(GroupRole.RDS, spec.databasePort(), group(GroupRole.ECS), GroupRole.ECS.key(), "from the ECS tasks");
    ingress(GroupRole.REDIS, spec.cachePort(), group(GroupRole.ECS), GroupRole.ECS.key(), "from the ECS tasks");
    ingress(GroupRole.ENDPOINTS, 443, Peer.cidr(vpcCidr), "vpc", "HTTPS from the VPC " + vpcCidr);
  }

  private Peer group(GroupRole role) {
    return Peer.group(ids.get(role));
  }

  private void ingress(GroupRole owner, int port, Peer from, String peerKey, String description) {
    add(owner, Rule.ingressTcp(port, from), peerKey, description);
  }

  private void egress(GroupRole owner, int port, Peer to, String peerKey, String description) {
    add(owner, Rule.egressTcp(port, to), peerKey, description);
  }

  private void egress(GroupRole owner, int port, GroupRole to, String description) {
    egress(owner, port, group(to), to.key(), description);
  }

  private void add(GroupRole owner, Rule rule, String peerKey, String description) {
    String key = owner.key() + ":" + (rule.egress() ? "egress" : "ingress") + ":" + rule.protocol() + ":"
        + rule.fromPort() + ":" + peerKey;
    rules.get(owner).add(new DesiredRule(key, rule, description));
  }
}
