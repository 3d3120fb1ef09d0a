package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.Target;
import io.provisioner.steps.network.vpc.VpcOutputs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this step needs of {@code network.vpc}'s outputs: the VPC, where it lives, the subnet of the
 * attachment tier in each AZ and the route tables that get the routes.
 *
 * @param vpcId the spoke VPC
 * @param vpcCidr its primary CIDR block
 * @param target the VPC's account and region; the attachment and the routes are made there
 * @param attachmentSubnets AZ → subnet of the attachment tier, in the order of the AZs
 * @param routeTables the route tables of the route tiers, AZ by AZ
 * @param allRouteTables every per-AZ route table the VPC step published, of every tier that has them
 */
record VpcLayout(
    String vpcId,
    String vpcCidr,
    Target target,
    Map<String, String> attachmentSubnets,
    List<RouteTableRef> routeTables,
    List<RouteTableRef> allRouteTables) {

  /** One route table of one tier in one AZ. */
  record RouteTableRef(String tier, String az, String routeTableId) {
    @Override
    public String toString() {
      return routeTableId + " (" + tier + ", " + az + ")";
    }
  }

  VpcLayout {
    attachmentSubnets = Collections.unmodifiableMap(new LinkedHashMap<>(attachmentSubnets));
    routeTables = List.copyOf(routeTables);
    allRouteTables = List.copyOf(allRouteTables);
  }

  /** Reads the layout; a subnet or route table the spec needs and the VPC lacks is a StepException naming it. */
  static VpcLayout of(VpcOutputs vpc, TransitGatewaySpec spec) {
    Map<String, String> subnets = new LinkedHashMap<>();
    for (String az : vpc.availabilityZones()) {
      subnets.put(az, vpc.subnet(spec.attachmentTier(), az));
    }
    List<RouteTableRef> wanted = new ArrayList<>();
    for (String tier : spec.routeTiers()) {
      for (String az : vpc.availabilityZones()) {
        wanted.add(new RouteTableRef(tier, az, vpc.routeTable(tier, az)));
      }
    }
    List<RouteTableRef> all = new ArrayList<>();
    for (String tier : TransitGatewaySpec.ROUTE_TABLE_TIERS) {
      Map<String, String> byAz = vpc.routeTables().getOrDefault(tier, Map.of());
      for (String az : vpc.availabilityZones()) {
        if (byAz.containsKey(az)) {
          all.add(new RouteTableRef(tier, az, byAz.get(az)));
        }
      }
    }
    return new VpcLayout(vpc.vpcId(), vpc.vpcCidr(), new Target(vpc.account(), vpc.region()), subnets, wanted, all);
  }
}
