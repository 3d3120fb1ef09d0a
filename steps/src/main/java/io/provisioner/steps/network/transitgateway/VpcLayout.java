package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.Outputs;
import io.provisioner.steps.Target;
import java.util.ArrayList;
import java.util.Arrays;
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
 * @param attachmentSubnets AZ → subnet of the attachment tier, in the order of {@code azs}
 * @param routeTables the route tables of the route tiers, AZ by AZ
 * @param allRouteTables every route table the VPC step published (all tiers), for rollback
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

  /** Reads the layout; a missing output is a {@link io.provisioner.steps.StepException} naming it. */
  static VpcLayout of(Outputs vpc, TransitGatewaySpec spec) {
    List<String> azs = Arrays.stream(vpc.require("azs").split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toList();
    Map<String, String> subnets = new LinkedHashMap<>();
    for (String az : azs) {
      subnets.put(az, vpc.require("subnet." + spec.attachmentTier() + "." + az));
    }
    List<RouteTableRef> wanted = new ArrayList<>();
    for (String tier : spec.routeTiers()) {
      for (String az : azs) {
        wanted.add(new RouteTableRef(tier, az, vpc.require("routeTable." + tier + "." + az)));
      }
    }
    List<RouteTableRef> all = new ArrayList<>();
    for (String tier : TransitGatewaySpec.ROUTE_TABLE_TIERS) {
      for (String az : azs) {
        vpc.get("routeTable." + tier + "." + az).ifPresent(id -> all.add(new RouteTableRef(tier, az, id)));
      }
    }
    return new VpcLayout(vpc.require("vpcId"), vpc.require("vpcCidr"),
        new Target(vpc.require("account"), vpc.require("region")), subnets, wanted, all);
  }
}
