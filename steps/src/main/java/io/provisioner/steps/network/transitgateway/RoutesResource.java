package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.network.transitgateway.VpcLayout.RouteTableRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteOrigin;
import software.amazon.awssdk.services.ec2.model.RouteState;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/**
 * The routes {@code routeCidrs → transit gateway} in the route tables of the route tiers, AZ by AZ,
 * made in the VPC's account: one setting per route, and one that removes the routes to the transit
 * gateway the spec no longer asks for. What is read is the VPC's route tables; the route tables are
 * {@code network.vpc}'s, so this resource is recorded under the transit gateway's id and never
 * creates anything. A destination already routed elsewhere is taken over only when that route is a
 * blackhole; an active route to something else is never overwritten. Deleting it deletes every
 * route of the VPC to the transit gateway.
 */
final class RoutesResource implements Resource<RoutesResource.Routes> {
  /**
   * EC2 error codes (CreateRoute, DeleteRoute): a route that is gone is {@code InvalidRoute.NotFound};
   * a route table or transit gateway of a moment ago may not be visible yet.
   */
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("InvalidRoute.NotFound", "InvalidRouteTableID.NotFound")
      .notYetVisible("InvalidRouteTableID.NotFound", "InvalidTransitGatewayID.NotFound");

  /** The VPC's route tables by id, as read for the routes to {@code transitGatewayId}. */
  record Routes(String transitGatewayId, Map<String, RouteTable> tables) {}

  private final Ec2Client ec2;
  private final TransitGatewaySpec spec;
  private final VpcLayout vpc;
  private final String transitGatewayId;

  /** @param ec2 the client of the VPC's account */
  RoutesResource(Ec2Client ec2, TransitGatewaySpec spec, VpcLayout vpc, String transitGatewayId) {
    this.ec2 = ec2;
    this.spec = spec;
    this.vpc = vpc;
    this.transitGatewayId = transitGatewayId;
  }

  /** What a route points at, for messages: the first target id it carries. */
  static String targetOf(Route route) {
    return Stream.of(route.gatewayId(), route.natGatewayId(), route.transitGatewayId(),
            route.vpcPeeringConnectionId(), route.networkInterfaceId(), route.instanceId(),
            route.egressOnlyInternetGatewayId(), route.carrierGatewayId(), route.localGatewayId(),
            route.coreNetworkArn())
        .filter(Objects::nonNull).findFirst().orElse("an unknown target");
  }

  @Override
  public String key() {
    return "routes";
  }

  @Override
  public String idKey() {
    return GatewayResource.ID;
  }

  @Override
  public String description() {
    return "routes to transit gateway " + transitGatewayId + " in " + vpc.vpcId() + " (" + vpc.target() + ")";
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<Routes> read(String tgwId) {
    Map<String, RouteTable> tables = new LinkedHashMap<>();
    ec2.describeRouteTablesPaginator(b -> b.filters(Filter.builder().name("vpc-id").values(vpc.vpcId()).build()))
        .routeTables().forEach(t -> tables.put(t.routeTableId(), t));
    return Optional.of(new Routes(tgwId, tables));
  }

  @Override
  public Optional<Routes> lookup() {
    return read(transitGatewayId);
  }

  /** Never reached: the route tables are read, never made. */
  @Override
  public Routes create() {
    throw new StepException(description() + ": the route tables of " + vpc.vpcId() + " cannot be read");
  }

  @Override
  public String id(Routes routes) {
    return routes.transitGatewayId();
  }

  @Override
  public List<Setting<Routes>> settings() {
    List<Setting<Routes>> settings = new ArrayList<>();
    for (RouteTableRef ref : vpc.routeTables()) {
      for (String cidr : spec.routeCidrs()) {
        settings.add(new RouteTo(ref, cidr));
      }
    }
    settings.add(new NoOthers());
    return settings;
  }

  /** A route to the transit gateway that is a blackhole: its attachment is not available (yet). */
  @Override
  public Optional<String> pending(Routes routes) {
    List<String> blackholes = new ArrayList<>();
    for (RouteTableRef ref : vpc.routeTables()) {
      for (String cidr : spec.routeCidrs()) {
        route(routes.tables().get(ref.routeTableId()), cidr)
            .filter(r -> routes.transitGatewayId().equals(r.transitGatewayId()) && r.state() == RouteState.BLACKHOLE)
            .ifPresent(r -> blackholes.add("route " + cidr + " in route table " + ref + " is a blackhole"));
      }
    }
    return blackholes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", blackholes));
  }

  /** Every route of the VPC to the transit gateway, whatever its table. */
  @Override
  public void delete(Routes routes) {
    for (RouteTable table : routes.tables().values()) {
      for (Route route : table.routes()) {
        if (routes.transitGatewayId().equals(route.transitGatewayId()) && route.destinationCidrBlock() != null
            && route.origin() != RouteOrigin.CREATE_ROUTE_TABLE) {
          deleteRoute(table.routeTableId(), route.destinationCidrBlock());
        }
      }
    }
  }

  /** One destination of one route table, routed to the transit gateway. */
  private final class RouteTo implements Setting<Routes> {
    private final RouteTableRef ref;
    private final String cidr;

    RouteTo(RouteTableRef ref, String cidr) {
      this.ref = ref;
      this.cidr = cidr;
    }

    @Override
    public List<String> differences(Routes routes) {
      RouteTable table = routes.tables().get(ref.routeTableId());
      if (table == null) {
        return List.of("route table " + ref + " published by network.vpc does not exist in " + vpc.vpcId());
      }
      Optional<Route> route = route(table, cidr);
      if (route.isEmpty()) {
        return List.of("route " + cidr + " → " + routes.transitGatewayId() + " in route table " + ref + " is missing");
      }
      return routes.transitGatewayId().equals(route.get().transitGatewayId()) ? List.of()
          : List.of("route " + cidr + " in route table " + ref + " points at " + targetOf(route.get())
              + ", expected transit gateway " + routes.transitGatewayId());
    }

    @Override
    public void apply(Routes routes) {
      RouteTable table = routes.tables().get(ref.routeTableId());
      if (table == null) {
        throw new StepException("route table " + ref + " published by network.vpc does not exist in " + vpc.vpcId()
            + " (" + vpc.target() + "); run 'up' so network.vpc converges first");
      }
      Optional<Route> route = route(table, cidr);
      if (route.isPresent()) {
        takeOver(route.get(), routes.transitGatewayId());
        return;
      }
      try {
        ec2.createRoute(b -> b.routeTableId(ref.routeTableId()).destinationCidrBlock(cidr)
            .transitGatewayId(routes.transitGatewayId()));
      } catch (AwsServiceException e) {
        if (!AwsErrors.hasCode(e, "RouteAlreadyExists")) {
          throw e;
        }
        // made by a call whose response was lost, or by someone else meanwhile: read it again
        Route now = read(routes.transitGatewayId()).flatMap(r -> route(r.tables().get(ref.routeTableId()), cidr))
            .orElseThrow(() -> new StepException("route " + cidr + " in " + ref
                + " was reported to exist but cannot be read; run 'up' again", e));
        if (!routes.transitGatewayId().equals(now.transitGatewayId())) {
          takeOver(now, routes.transitGatewayId());
        }
      }
    }

    /** Replaces a route to another target, but only a blackhole; an active route is someone else's and stays. */
    private void takeOver(Route route, String tgwId) {
      if (route.state() != RouteState.BLACKHOLE) {
        throw new StepException("route table " + ref + " already routes " + cidr + " to " + targetOf(route)
            + ", which is " + route.stateAsString() + "; provisioner replaces only blackholed routes: delete that "
            + "route, or take " + cidr + " out of network.transitGateway.routeCidrs (or the tier out of routeTiers)");
      }
      ec2.replaceRoute(b -> b.routeTableId(ref.routeTableId()).destinationCidrBlock(cidr).transitGatewayId(tgwId));
    }
  }

  /** Routes to the transit gateway, in route tables network.vpc published, that the spec does not ask for. */
  private final class NoOthers implements Setting<Routes> {
    @Override
    public List<String> differences(Routes routes) {
      List<String> differences = new ArrayList<>();
      unwanted(routes).forEach(e -> differences.add("route " + e.getValue().destinationCidrBlock() + " → "
          + routes.transitGatewayId() + " in route table " + e.getKey() + " is not in routeCidrs/routeTiers"));
      return differences;
    }

    @Override
    public void apply(Routes routes) {
      unwanted(routes).forEach(e -> deleteRoute(e.getKey().routeTableId(), e.getValue().destinationCidrBlock()));
    }

    private List<Map.Entry<RouteTableRef, Route>> unwanted(Routes routes) {
      List<Map.Entry<RouteTableRef, Route>> unwanted = new ArrayList<>();
      for (RouteTableRef ref : vpc.allRouteTables()) {
        boolean routed = vpc.routeTables().contains(ref);
        RouteTable table = routes.tables().get(ref.routeTableId());
        if (table == null) {
          continue;
        }
        table.routes().stream()
            .filter(r -> routes.transitGatewayId().equals(r.transitGatewayId()) && r.destinationCidrBlock() != null
                && r.origin() == RouteOrigin.CREATE_ROUTE)
            .filter(r -> !routed || !spec.routeCidrs().contains(r.destinationCidrBlock()))
            .forEach(r -> unwanted.add(Map.entry(ref, r)));
      }
      return unwanted;
    }
  }

  private void deleteRoute(String routeTableId, String cidr) {
    try {
      ec2.deleteRoute(b -> b.routeTableId(routeTableId).destinationCidrBlock(cidr));
    } catch (AwsServiceException e) {
      if (!ERRORS.isNotFound(e)) {
        throw e;
      }
    }
  }

  private static Optional<Route> route(RouteTable table, String cidr) {
    return table == null ? Optional.empty()
        : table.routes().stream().filter(r -> cidr.equals(r.destinationCidrBlock())).findFirst();
  }
}
