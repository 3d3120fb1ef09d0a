package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code network.vpc} publishes. Per-AZ values are keyed by AZ name, never by position.
 *
 * @param vpcId the VPC's id
 * @param vpcCidr its primary CIDR block
 * @param account the logical account it is in
 * @param region the region it is in
 * @param availabilityZones its AZs, in the spec's order
 * @param subnets tier ({@code public}, {@code app}, {@code data}, {@code management}) to AZ to subnet id
 * @param routeTables tier to AZ to route table id; the public tier has one table, under the AZ {@code *}
 */
public record VpcOutputs(String vpcId, String vpcCidr, String account, String region,
    List<String> availabilityZones, Map<String, Map<String, String>> subnets,
    Map<String, Map<String, String>> routeTables) {

  /** The key of the public tier's single route table in {@link #routeTables()}. */
  public static final String ALL_AZS = "*";

  public VpcOutputs {
    availabilityZones = List.copyOf(availabilityZones);
    subnets = copy(subnets);
    routeTables = copy(routeTables);
  }

  private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> byTier) {
    Map<String, Map<String, String>> copy = new TreeMap<>();
    byTier.forEach((tier, byAz) -> copy.put(tier, Map.copyOf(byAz)));
    return Map.copyOf(copy);
  }

  /** The subnets of one tier, keyed and ordered by AZ name. */
  public SortedMap<String, String> subnets(String tier) {
    Map<String, String> byAz = subnets.get(tier);
    if (byAz == null || byAz.isEmpty()) {
      throw new StepException("network.vpc has published no " + tier + " subnets; tiers are " + subnets.keySet());
    }
    return new TreeMap<>(byAz);
  }

  /** The subnet of one tier in one AZ. */
  public String subnet(String tier, String az) {
    String id = subnets(tier).get(az);
    if (id == null) {
      throw new StepException("network.vpc has no " + tier + " subnet in " + az + "; it has " + subnets(tier).keySet()
          + " (network.vpc.availabilityZones)");
    }
    return id;
  }

  /** The route table of a tier in an AZ (the public tier's single table for any AZ). */
  public String routeTable(String tier, String az) {
    Map<String, String> byAz = routeTables.getOrDefault(tier, Map.of());
    String id = byAz.containsKey(ALL_AZS) ? byAz.get(ALL_AZS) : byAz.get(az);
    if (id == null) {
      throw new StepException("network.vpc has published no " + tier + " route table for " + az);
    }
    return id;
  }
}
