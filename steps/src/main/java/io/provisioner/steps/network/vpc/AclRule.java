package io.provisioner.steps.network.vpc;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.PortRange;
import software.amazon.awssdk.services.ec2.model.RuleAction;

/**
 * One allow entry of a network ACL. Rules are compared by direction and number; the default deny
 * entry (32767) is AWS's and never touched.
 *
 * @param number rule number, evaluated lowest first
 * @param egress outbound when true
 * @param protocol {@code 6} (TCP) or {@code -1} (all)
 * @param cidr the other side
 * @param fromPort first port (TCP only)
 * @param toPort last port (TCP only)
 */
record AclRule(int number, boolean egress, String protocol, String cidr, Integer fromPort, Integer toPort) {
  static final String TCP = "6";
  static final String ALL = "-1";
  static final String ANYWHERE = "0.0.0.0/0";
  static final int DEFAULT_DENY = 32767;
  static final int EPHEMERAL_FROM = 1024;
  static final int EPHEMERAL_TO = 65535;

  static AclRule tcp(int number, boolean egress, String cidr, int from, int to) {
    return new AclRule(number, egress, TCP, cidr, from, to);
  }

  static AclRule all(int number, boolean egress, String cidr) {
    return new AclRule(number, egress, ALL, cidr, null, null);
  }

  /**
   * The rules of a tier.
   *
   * <ul>
   *   <li>public: HTTP and HTTPS from anywhere, return traffic (ephemeral ports) from anywhere,
   *       everything from the VPC (what the NAT gateways forward); all out.
   *   <li>app and management: everything from the VPC, return traffic from anywhere; all out.
   *   <li>data: only the data ports, only from the app subnets; return traffic from the VPC; out only
   *       return traffic and HTTPS (interface endpoints) to the VPC. No internet either way.
   * </ul>
   */
  static List<AclRule> forTier(Tier tier, VpcSpec spec) {
    String vpc = spec.cidr();
    List<AclRule> rules = new ArrayList<>();
    switch (tier) {
      case PUBLIC -> {
        rules.add(tcp(100, false, ANYWHERE, 80, 80));
        rules.add(tcp(110, false, ANYWHERE, 443, 443));
        rules.add(tcp(120, false, ANYWHERE, EPHEMERAL_FROM, EPHEMERAL_TO));
        rules.add(all(130, false, vpc));
        rules.add(all(100, true, ANYWHERE));
      }
      case APP, MANAGEMENT -> {
        rules.add(all(100, false, vpc));
        rules.add(tcp(110, false, ANYWHERE, EPHEMERAL_FROM, EPHEMERAL_TO));
        rules.add(all(100, true, ANYWHERE));
      }
      case DATA -> {
        List<Integer> ports = spec.dataPorts();
        List<String> azs = spec.availabilityZones();
        for (int p = 0; p < ports.size(); p++) {
          for (int a = 0; a < azs.size(); a++) {
            String appCidr = spec.subnets().of(Tier.APP).get(azs.get(a));
            rules.add(tcp(100 + 10 * p + a, false, appCidr, ports.get(p), ports.get(p)));
          }
        }
        rules.add(tcp(900, false, vpc, EPHEMERAL_FROM, EPHEMERAL_TO));
        rules.add(tcp(100, true, vpc, EPHEMERAL_FROM, EPHEMERAL_TO));
        rules.add(tcp(110, true, vpc, 443, 443));
      }
      default -> throw new IllegalStateException("unknown tier " + tier);
    }
    return rules;
  }

  /** The port range for the API, or null for all protocols. */
  PortRange portRange() {
    return fromPort == null ? null : PortRange.builder().from(fromPort).to(toPort).build();
  }

  /** Identity of a rule inside its ACL: direction and number. */
  String slot() {
    return (egress ? "egress" : "ingress") + " rule " + number;
  }

  /** True when the live entry says the same as this rule. */
  boolean matches(NetworkAclEntry entry) {
    boolean ports = !TCP.equals(protocol) || (entry.portRange() != null
        && fromPort.equals(entry.portRange().from()) && toPort.equals(entry.portRange().to()));
    return entry.ruleAction() == RuleAction.ALLOW && protocol.equals(entry.protocol())
        && cidr.equals(entry.cidrBlock()) && ports;
  }

  static String describe(NetworkAclEntry entry) {
    String ports = entry.portRange() == null ? "" : " ports " + entry.portRange().from() + "-" + entry.portRange().to();
    return entry.ruleActionAsString() + " protocol " + entry.protocol() + " " + entry.cidrBlock() + ports;
  }

  @Override
  public String toString() {
    String ports = TCP.equals(protocol) ? " ports " + fromPort + "-" + toPort : "";
    return "allow " + (TCP.equals(protocol) ? "tcp" : "all") + " " + cidr + ports;
  }

  /** Key of a live entry, comparable with {@link #slot()}. */
  static String slot(NetworkAclEntry entry) {
    return (Boolean.TRUE.equals(entry.egress()) ? "egress" : "ingress") + " rule " + entry.ruleNumber();
  }

  static boolean isDefaultDeny(NetworkAclEntry entry) {
    return entry.ruleNumber() != null && entry.ruleNumber() >= DEFAULT_DENY;
  }
}
