package io.provisioner.steps.network.vpc;

import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/**
 * A route table ({@code routeTable.public}, {@code routeTable.<tier>.<az>}) with its default route
 * and its subnets as settings: the public table sends 0.0.0.0/0 to the internet gateway, an app or
 * management table to its AZ's NAT gateway, a data table nowhere (no internet route at all). A
 * subnet associated with another table is moved here. Deleting removes the associations first.
 */
final class RouteTableResource extends Ec2Resource<RouteTable> {
  static final String ANYWHERE = "0.0.0.0/0";
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("InvalidRouteTableID.NotFound").notYetVisible(
      "InvalidVpcID.NotFound", "InvalidRouteTableID.NotFound", "InvalidSubnetID.NotFound",
      "InvalidGatewayID.NotFound", "InvalidNatGatewayID.NotFound");

  /** Where 0.0.0.0/0 goes: an internet gateway or a NAT gateway. */
  record Target(String gatewayId, String natGatewayId) {
    String id() {
      return gatewayId != null ? gatewayId : natGatewayId;
    }

    boolean matches(Route route) {
      return id().equals(gatewayId != null ? route.gatewayId() : route.natGatewayId());
    }
  }

  private final String vpcId;
  private final Target target;
  private final List<String> subnetIds;

  /** @param target where 0.0.0.0/0 goes; null for nowhere */
  RouteTableResource(Network net, String vpcId, Tier tier, String az, Target target, List<String> subnetIds) {
    super(net, key(tier, az), key(tier, az), tier == Tier.PUBLIC ? "public" : tier.key() + "-" + az,
        "route table " + key(tier, az), ERRORS, new Api<>(
            id -> net.ec2.describeRouteTables(b -> b.routeTableIds(id).filters(Network.filter("vpc-id", vpcId)))
                .routeTables(),
            filters -> net.ec2.describeRouteTablesPaginator(b -> b.filters(filters)).routeTables().stream().toList(),
            RouteTable::tags, RouteTable::routeTableId), Network.filter("vpc-id", vpcId));
    this.vpcId = vpcId;
    this.target = target;
    this.subnetIds = List.copyOf(subnetIds);
  }

  static String key(Tier tier, String az) {
    return tier == Tier.PUBLIC ? "routeTable.public" : "routeTable." + tier.key() + "." + az;
  }

  @Override
  public RouteTable create() {
    return created(ec2.createRouteTable(b -> b.vpcId(vpcId).clientToken(clientToken(vpcId))
        .tagSpecifications(tagSpec(ResourceType.ROUTE_TABLE))).routeTable());
  }

  @Override
  public List<Setting<RouteTable>> settings() {
    List<Setting<RouteTable>> settings = new ArrayList<>(List.of(Fix.setting(this::defaultRoute)));
    subnetIds.forEach(subnetId -> settings.add(Fix.setting(table -> association(table, subnetId))));
    settings.add(tags());
    return settings;
  }

  private List<Fix> defaultRoute(RouteTable table) {
    String id = table.routeTableId();
    Optional<Route> route = table.routes().stream().filter(r -> ANYWHERE.equals(r.destinationCidrBlock())).findFirst();
    if (target == null) {
      return route.map(r -> List.of(new Fix("has an internet route " + show(r) + ", expected none",
          () -> ec2.deleteRoute(b -> b.routeTableId(id).destinationCidrBlock(ANYWHERE))))).orElse(List.of());
    }
    if (route.isEmpty()) {
      return List.of(new Fix("default route " + ANYWHERE + " is missing, expected to " + target.id(),
          () -> ec2.createRoute(b -> b.routeTableId(id).destinationCidrBlock(ANYWHERE).gatewayId(target.gatewayId())
              .natGatewayId(target.natGatewayId()))));
    }
    return target.matches(route.get()) ? List.of() : List.of(new Fix("default route is " + show(route.get())
        + ", expected to " + target.id(), () -> ec2.replaceRoute(b -> b.routeTableId(id).destinationCidrBlock(ANYWHERE)
            .gatewayId(target.gatewayId()).natGatewayId(target.natGatewayId()))));
  }

  private static String show(Route route) {
    return route.destinationCidrBlock() + " -> " + Stream.of(route.gatewayId(), route.natGatewayId(),
        route.transitGatewayId(), route.networkInterfaceId()).filter(Objects::nonNull).findFirst().orElse("elsewhere");
  }

  /** The subnet on this table: an association with another table is moved, never doubled. */
  private List<Fix> association(RouteTable table, String subnetId) {
    if (table.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId()))) {
      return List.of();
    }
    return List.of(new Fix("subnet " + subnetId + " is not associated with it", () -> ec2.describeRouteTables(b -> b
            .filters(Network.filter("association.subnet-id", subnetId))).routeTables().stream()
        .flatMap(t -> t.associations().stream()).filter(a -> subnetId.equals(a.subnetId())).findFirst()
        .ifPresentOrElse(
            elsewhere -> ec2.replaceRouteTableAssociation(b -> b.associationId(elsewhere.routeTableAssociationId())
                .routeTableId(table.routeTableId())),
            () -> ec2.associateRouteTable(b -> b.routeTableId(table.routeTableId()).subnetId(subnetId)))));
  }

  @Override
  public void delete(RouteTable table) {
    table.associations().stream().filter(a -> !Boolean.TRUE.equals(a.main()))
        .forEach(a -> Network.unless("InvalidAssociationID.NotFound",
            () -> ec2.disassociateRouteTable(b -> b.associationId(a.routeTableAssociationId()))));
    ec2.deleteRouteTable(b -> b.routeTableId(table.routeTableId()));
  }
}
