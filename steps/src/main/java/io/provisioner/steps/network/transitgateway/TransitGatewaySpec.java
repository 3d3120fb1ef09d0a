package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.spec.SpecCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

/**
 * The hub of the hub-and-spoke network (seed 004 "Network Architecture: Hub-and-Spoke with Transit
 * Gateway", "Create Transit Gateway").
 *
 * @param description description of the transit gateway
 * @param amazonSideAsn private ASN of the Amazon side of BGP sessions: 64512-65534 or
 *     4200000000-4294967294; fixed once the transit gateway exists
 * @param defaultRouteTableAssociation attachments are associated with the default route table
 * @param defaultRouteTablePropagation attachments propagate their routes to the default route table
 * @param dnsSupport DNS resolution across the transit gateway
 * @param vpnEcmpSupport equal-cost multi-path routing over VPN tunnels (the EC2 option {@code
 *     VpnEcmpSupport}; seed 004 spells it "VpnEcnSupport")
 * @param attachmentTier the subnet tier ({@code public}, {@code app}, {@code data}, {@code
 *     management}) whose subnet in each AZ carries the VPC attachment; default {@code app}
 * @param routeCidrs destinations routed to the transit gateway; default {@code [10.0.0.0/8]}
 * @param routeTiers tiers whose route tables ({@code app}, {@code data}, {@code management}) get
 *     those routes; default all three
 * @param shareWithOrganization share the transit gateway with the whole organization through RAM,
 *     so VPCs of other accounts can attach
 */
public record TransitGatewaySpec(
    String description,
    long amazonSideAsn,
    boolean defaultRouteTableAssociation,
    boolean defaultRouteTablePropagation,
    boolean dnsSupport,
    boolean vpnEcmpSupport,
    String attachmentTier,
    List<String> routeCidrs,
    List<String> routeTiers,
    boolean shareWithOrganization) {

  /** Tiers of subnets published by {@code network.vpc}. */
  public static final List<String> SUBNET_TIERS = List.of("public", "app", "data", "management");
  /** Tiers with one route table per AZ published by {@code network.vpc}. */
  public static final List<String> ROUTE_TABLE_TIERS = List.of("app", "data", "management");

  public TransitGatewaySpec {
    attachmentTier = attachmentTier == null ? "app" : attachmentTier;
    routeCidrs = routeCidrs == null ? List.of("10.0.0.0/8") : copy(routeCidrs);
    routeTiers = routeTiers == null ? ROUTE_TABLE_TIERS : copy(routeTiers);
    List<String> badCidrs = routeCidrs.stream().filter(c -> Cidr.parse(c).isEmpty()).toList();
    List<String> badTiers = routeTiers.stream().filter(t -> !ROUTE_TABLE_TIERS.contains(t)).toList();
    SpecCheck.of()
        .notBlank(description, "description")
        .require(description == null || description.length() <= 255, "description", "must be at most 255 characters")
        .require(isPrivateAsn(amazonSideAsn), "amazonSideAsn", amazonSideAsn
            + " is not a private ASN; use a value from 64512 to 65534 or from 4200000000 to 4294967294")
        .require(SUBNET_TIERS.contains(attachmentTier), "attachmentTier",
            "unknown tier '" + attachmentTier + "'; use one of " + SUBNET_TIERS)
        .require(badCidrs.isEmpty(), "routeCidrs",
            "not an IPv4 CIDR block in canonical form (e.g. 10.0.0.0/8): " + badCidrs)
        .require(new HashSet<>(routeCidrs).size() == routeCidrs.size(), "routeCidrs", "lists a CIDR block twice")
        .require(badTiers.isEmpty(), "routeTiers",
            "unknown route table tier(s) " + badTiers + "; use " + ROUTE_TABLE_TIERS)
        .require(new HashSet<>(routeTiers).size() == routeTiers.size(), "routeTiers", "lists a tier twice")
        .done();
  }

  /** An unmodifiable copy that keeps null entries, so validation can report them instead of failing. */
  private static List<String> copy(List<String> values) {
    return Collections.unmodifiableList(new ArrayList<>(values));
  }

  static boolean isPrivateAsn(long asn) {
    return (asn >= 64512 && asn <= 65534) || (asn >= 4_200_000_000L && asn <= 4_294_967_294L);
  }
}
