package io.provisioner.steps.network.securitygroups;

import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * The identity of one security group rule: direction, protocol, port range and the one peer (a
 * referenced group, a CIDR block or a prefix list). Rule ids, descriptions and tags are not part of
 * it, so a rule recreated by hand with another description is still the same rule.
 *
 * @param egress true for an outbound rule
 * @param protocol {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or {@code -1} (all)
 * @param fromPort first port (ICMP type); -1 for all protocols
 * @param toPort last port (ICMP code); -1 for all protocols
 * @param peer the source of an inbound rule or the destination of an outbound one
 */
record Rule(boolean egress, String protocol, int fromPort, int toPort, Peer peer) {

  /** The other end of a rule. {@code value} is a group id, a CIDR block or a prefix list id. */
  record Peer(Kind kind, String value) {
    enum Kind { GROUP, IPV4, IPV6, PREFIX_LIST }

    Peer {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(value, "value");
      value = kind == Kind.IPV6 ? value.toLowerCase(Locale.ROOT) : value;
    }

    static Peer group(String groupId) {
      return new Peer(Kind.GROUP, groupId);
    }

    /** An IPv4 or IPv6 CIDR block, told apart by its colon. */
    static Peer cidr(String cidr) {
      return new Peer(SecurityGroupsSpec.isIpv6(cidr) ? Kind.IPV6 : Kind.IPV4, cidr);
    }
  }

  Rule {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(peer, "peer");
    protocol = normalizeProtocol(protocol);
    if (protocol.equals("-1")) {
      fromPort = -1;
      toPort = -1;
    }
  }

  static Rule ingressTcp(int port, Peer from) {
    return new Rule(false, "tcp", port, port, from);
  }

  static Rule egressTcp(int port, Peer to) {
    return new Rule(true, "tcp", port, port, to);
  }

  /** The identity of a rule as DescribeSecurityGroupRules returns it. */
  static Rule of(SecurityGroupRule rule) {
    Peer peer;
    if (rule.referencedGroupInfo() != null && rule.referencedGroupInfo().groupId() != null) {
      peer = Peer.group(rule.referencedGroupInfo().groupId());
    } else if (rule.cidrIpv4() != null) {
      peer = new Peer(Peer.Kind.IPV4, rule.cidrIpv4());
    } else if (rule.cidrIpv6() != null) {
      peer = new Peer(Peer.Kind.IPV6, rule.cidrIpv6());
    } else if (rule.prefixListId() != null) {
      peer = new Peer(Peer.Kind.PREFIX_LIST, rule.prefixListId());
    } else {
      throw new IllegalArgumentException("security group rule " + rule.securityGroupRuleId() + " has no peer");
    }
    return new Rule(Boolean.TRUE.equals(rule.isEgress()), rule.ipProtocol(),
        rule.fromPort() == null ? -1 : rule.fromPort(), rule.toPort() == null ? -1 : rule.toPort(), peer);
  }

  /** The permission that authorizes exactly this rule, with a description for the console. */
  IpPermission toPermission(String description) {
    IpPermission.Builder permission = IpPermission.builder().ipProtocol(protocol);
    if (!protocol.equals("-1")) {
      permission.fromPort(fromPort).toPort(toPort);
    }
    switch (peer.kind()) {
      case GROUP -> permission.userIdGroupPairs(
          UserIdGroupPair.builder().groupId(peer.value()).description(description).build());
      case IPV4 -> permission.ipRanges(IpRange.builder().cidrIp(peer.value()).description(description).build());
      case IPV6 -> permission.ipv6Ranges(
          Ipv6Range.builder().cidrIpv6(peer.value()).description(description).build());
      case PREFIX_LIST -> permission.prefixListIds(
          PrefixListId.builder().prefixListId(peer.value()).description(description).build());
    }
    return permission.build();
  }

  /** True when the peer is another security group (the rules rollback revokes first). */
  boolean referencesGroup() {
    return peer.kind() == Peer.Kind.GROUP;
  }

  /**
   * In words, e.g. {@code ingress tcp 5432 from ecs (sg-0abc)} or {@code egress all to 0.0.0.0/0};
   * {@code groupLabel} turns a group id into its label.
   */
  String describe(UnaryOperator<String> groupLabel) {
    String ports;
    if (protocol.equals("-1")) {
      ports = "all";
    } else if (fromPort == toPort) {
      ports = protocol + " " + fromPort;
    } else {
      ports = protocol + " " + fromPort + "-" + toPort;
    }
    String other = peer.kind() == Peer.Kind.GROUP ? groupLabel.apply(peer.value()) : peer.value();
    return (egress ? "egress " : "ingress ") + ports + (egress ? " to " : " from ") + other;
  }

  private static String normalizeProtocol(String protocol) {
    String p = protocol.trim().toLowerCase(Locale.ROOT);
    return switch (p) {
      case "6" -> "tcp";
      case "17" -> "udp";
      case "1" -> "icmp";
      case "58" -> "icmpv6";
      case "all", "" -> "-1";
      default -> p;
    };
  }
}
