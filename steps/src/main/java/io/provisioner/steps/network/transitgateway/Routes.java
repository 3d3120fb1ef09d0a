package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.network.transitgateway.VpcLayout.RouteTableRef;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteOrigin;
import software.amazon.awssdk.services.ec2.model.RouteState;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/**
 * The routes {@code routeCidrs → transit gateway} in the route tables of the route tiers, AZ by AZ,
 * made in the VPC's account. A destination already routed elsewhere is taken over only when that
 * route is a blackhole; an active route to something else is never overwritten.
 */
final class Routes {

  private final StepContext ctx;
  private final TransitGatewaySpec spec;
  private final VpcLayout vpc;
  private final Ec2Client ec2;

  Routes(StepContext ctx, TransitGatewaySpec spec, VpcLayout vpc) {
    this.ctx = ctx;
    this.spec = spec;
    this.vpc = vpc;
    this.ec2 = ctx.clients().get(Ec2Client.class, vpc.target());
  }

  // ---------------------------------------------------------------- create

  void converge(String tgwId, List<String> changes) {
    Map<String, RouteTable> tables = tables();
    for (RouteTableRef ref : vpc.routeTables()) {
      RouteTable table = existing(tables, ref);
      for (String cidr : spec.routeCidrs()) {
        Optional<Route> route = route(table, cidr);
        if (route.isEmpty()) {
          create(ref, cidr, tgwId, changes);
        } else if (!tgwId.equals(route.get().transitGatewayId())) {
          takeOver(ref, route.get(), tgwId, changes);
        }
      }
    }
    for (RouteTableRef ref : vpc.allRouteTables()) {
      RouteTable table = tables.get(ref.routeTableId());
      if (table != null) {
        for (Route route : unwanted(ref, table, List.of(tgwId))) {
          delete(ref.routeTableId(), route.destinationCidrBlock());
          changes.add("deleted route " + route.destinationCidrBlock() + " in " + ref + ", not in routeCidrs/routeTiers");
        }
      }
    }
  }

  private void create(RouteTableRef ref, String cidr, String tgwId, List<String> changes) {
    try {
      ec2.createRoute(b -> b.routeTableId(ref.routeTableId()).destinationCidrBlock(cidr).transitGatewayId(tgwId));
      changes.add("routed " + cidr + " in " + ref + " to " + tgwId);
    } catch (Ec2Exception e) {
      if (!AwsErrors.hasCode(e, "RouteAlreadyExists")) {
        throw e;
      }
      RouteTable table = existing(tables(ref.routeTableId()), ref);
      Route route = route(table, cidr).orElseThrow(() -> new StepException("route " + cidr + " in " + ref
          + " was reported to exist but cannot be read; run 'up' again", e));
      if (!tgwId.equals(route.transitGatewayId())) {
        takeOver(ref, route, tgwId, changes);
      }
    }
  }

  /** Replaces a route to another target, but only a blackhole; an active route is someone else's and stays. */
  private void takeOver(RouteTableRef ref, Route route, String tgwId, List<String> changes) {
    String cidr = route.destinationCidrBlock();
    if (route.state() != RouteState.BLACKHOLE) {
      throw new StepException("route table " + ref + " already routes " + cidr + " to " + targetOf(route)
          + ", which is " + route.stateAsString() + "; provisioner replaces only blackholed routes: delete that "
          + "route, or take " + cidr + " out of network.transitGateway.routeCidrs (or the tier out of routeTiers)");
    }
    ec2.replaceRoute(b -> b.routeTableId(ref.routeTableId()).destinationCidrBlock(cidr).transitGatewayId(tgwId));
    changes.add("replaced blackholed route " + cidr + " → " + targetOf(route) + " in " + ref + " with " + tgwId);
  }

  // ---------------------------------------------------------------- verify

  List<String> differences(String tgwId) {
    Map<String, RouteTable> tables = tables();
    List<String> differences = new ArrayList<>();
    for (RouteTableRef ref : vpc.routeTables()) {
      RouteTable table = tables.get(ref.routeTableId());
      if (table == null) {
        differences.add("route table " + ref + " published by network.vpc does not exist in " + vpc.vpcId());
        continue;
      }
      for (String cidr : spec.routeCidrs()) {
        Optional<Route> route = route(table, cidr);
        if (route.isEmpty()) {
          differences.add("route " + cidr + " → " + tgwId + " in route table " + ref + " is missing");
        } else if (!tgwId.equals(route.get().transitGatewayId())) {
          differences.add("route " + cidr + " in route table " + ref + " points at " + targetOf(route.get())
              + ", expected transit gateway " + tgwId);
        } else if (route.get().state() == RouteState.BLACKHOLE) {
          differences.add("route " + cidr + " → " + tgwId + " in route table " + ref + " is a blackhole");
        }
      }
    }
    for (RouteTableRef ref : vpc.allRouteTables()) {
      RouteTable table = tables.get(ref.routeTableId());
      if (table != null) {
        unwanted(ref, table, List.of(tgwId)).forEach(route -> differences.add("route " + route.destinationCidrBlock()
            + " → " + tgwId + " in route table " + ref + " is not in routeCidrs/routeTiers"));
      }
    }
    return differences;
  }

  // ---------------------------------------------------------------- rollback

  /** Deletes every route of the VPC that points at one of the given transit gateways; not found is done. */
  void delete(Collection<String> tgwIds) {
    for (RouteTable table : tables().values()) {
      for (Route route : table.routes()) {
        if (route.transitGatewayId() != null && tgwIds.contains(route.transitGatewayId())
            && route.destinationCidrBlock() != null && route.origin() != RouteOrigin.CREATE_ROUTE_TABLE) {
          delete(table.routeTableId(), route.destinationCidrBlock());
        }
      }
    }
  }

  private void delete(String routeTableId, String cidr) {
    try {
      ec2.deleteRoute(b -> b.routeTableId(routeTableId).destinationCidrBlock(cidr));
    } catch (Ec2Exception e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  // ---------------------------------------------------------------- lookup

  /** Routes to the transit gateway in a route table published by network.vpc that the spec does not ask for. */
  private List<Route> unwanted(RouteTableRef ref, RouteTable table, List<String> tgwIds) {
    boolean routedTable = vpc.routeTables().stream().anyMatch(r -> r.routeTableId().equals(ref.routeTableId()));
    return table.routes().stream()
        .filter(r -> r.transitGatewayId() != null && tgwIds.contains(r.transitGatewayId())
            && r.destinationCidrBlock() != null && r.origin() == RouteOrigin.CREATE_ROUTE)
        .filter(r -> !routedTable || !spec.routeCidrs().contains(r.destinationCidrBlock()))
        .toList();
  }

  /** The VPC's route tables by id. */
  private Map<String, RouteTable> tables() {
    Map<String, RouteTable> tables = new LinkedHashMap<>();
    ec2.describeRouteTablesPaginator(b -> b.filters(Filter.builder().name("vpc-id").values(vpc.vpcId()).build()))
        .routeTables().forEach(t -> tables.put(t.routeTableId(), t));
    return tables;
  }

  private Map<String, RouteTable> tables(String routeTableId) {
    Map<String, RouteTable> tables = new LinkedHashMap<>();
    ec2.describeRouteTables(b -> b.routeTableIds(routeTableId)).routeTables()
        .forEach(t -> tables.put(t.routeTableId(), t));
    return tables;
  }

  private RouteTable existing(Map<String, RouteTable> tables, RouteTableRef ref) {
    RouteTable table = tables.get(ref.routeTableId());
    if (table == null) {
      throw new StepException("route table " + ref + " published by network.vpc does not exist in " + vpc.vpcId()
          + " (" + vpc.target() + "); run 'up' so network.vpc converges first");
    }
    return table;
  }

  private static Optional<Route> route(RouteTable table, String cidr) {
    return table.routes().stream().filter(r -> cidr.equals(r.destinationCidrBlock())).findFirst();
  }

  /** What a route points at, for messages: the first target id it carries. */
  static String targetOf(Route route) {
    return Stream.of(route.gatewayId(), route.natGatewayId(), route.transitGatewayId(),
            route.vpcPeeringConnectionId(), route.networkInterfaceId(), route.instanceId(),
            route.egressOnlyInternetGatewayId(), route.carrierGatewayId(), route.localGatewayId(),
            route.coreNetworkArn())
        .filter(Objects::nonNull).findFirst().orElse("an unknown target");
  }
}
