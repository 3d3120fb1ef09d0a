package io.provisioner.steps.network.vpc;

import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * Route tables per tier: one public table (0.0.0.0/0 to the internet gateway) for the public
 * subnets; per AZ one app and one management table (0.0.0.0/0 to that AZ's NAT gateway, or the
 * single one) and one data table with no internet route at all.
 */
final class RouteTables {
  static final String ANYWHERE = "0.0.0.0/0";
  private static final Logger LOG = LoggerFactory.getLogger(RouteTables.class);

  private final VpcContext vc;

  RouteTables(VpcContext vc) {
    this.vc = vc;
  }

  /** What one table should look like: its key, default-route target (or none) and subnets. */
  private record Plan(String key, String suffix, Target target, List<String> subnetIds) {}

  /** The default route's target: an internet gateway or a NAT gateway. */
  private record Target(String gatewayId, String natGatewayId) {
    String id() {
      return gatewayId != null ? gatewayId : natGatewayId;
    }

    boolean matches(Route route) {
      return gatewayId != null ? gatewayId.equals(route.gatewayId()) : natGatewayId.equals(route.natGatewayId());
    }
  }

  static String key(Tier tier, String az) {
    return tier == Tier.PUBLIC ? "routeTable.public" : "routeTable." + tier.key() + "." + az;
  }

  private List<Plan> plans(String igwId, Map<String, String> subnetIds, Map<String, String> natIds) {
    List<Plan> plans = new ArrayList<>();
    List<String> azs = vc.spec().availabilityZones();
    plans.add(new Plan(key(Tier.PUBLIC, null), "public", new Target(igwId, null),
        azs.stream().map(az -> subnetIds.get(Subnets.key(Tier.PUBLIC, az))).toList()));
    for (Tier tier : List.of(Tier.APP, Tier.DATA, Tier.MANAGEMENT)) {
      for (String az : azs) {
        String natId = natIds.get(vc.natAzFor(az));
        Target target = tier.natRouted() ? (natId == null ? new Target(null, "(missing NAT)") : new Target(null, natId))
            : null;
        String subnetId = subnetIds.get(Subnets.key(tier, az));
        plans.add(new Plan(key(tier, az), tier.key() + "-" + az, target,
            subnetId == null ? List.of() : List.of(subnetId)));
      }
    }
    return plans;
  }

  /** Adopts or creates every table, converges its default route, associations and tags. */
  void converge(String vpcId, String igwId, Map<String, String> subnetIds, Map<String, String> natIds,
      List<String> changes) {
    Map<String, RouteTable> tables = inVpc(vpcId);
    for (Plan plan : plans(igwId, subnetIds, natIds)) {
      RouteTable table = pick(tables, plan.key()).orElse(null);
      if (table == null) {
        table = create(vpcId, plan);
        changes.add("created route table " + plan.key() + " " + table.routeTableId());
      }
      vc.remember(plan.key(), table.routeTableId());
      convergeDefaultRoute(table, plan, changes);
      for (String subnetId : plan.subnetIds()) {
        convergeAssociation(tables, table.routeTableId(), subnetId, changes);
      }
      vc.convergeTags(table.routeTableId(), table.tags(), plan.key(), plan.suffix(), changes);
    }
  }

  private RouteTable create(String vpcId, Plan plan) {
    vc.intend(plan.key(), "CreateRouteTable in " + vpcId);
    RouteTable table = vc.mutate("create route table " + plan.key(), () -> vc.ec2().createRouteTable(b -> b
        .vpcId(vpcId).tagSpecifications(vc.tagSpec(ResourceType.ROUTE_TABLE, plan.key(), plan.suffix()))))
        .routeTable();
    vc.remember(plan.key(), table.routeTableId());
    LOG.info("created route table [step={}] [key={}] [routeTableId={}]", VpcStep.ID, plan.key(),
        table.routeTableId());
    return table;
  }

  private void convergeDefaultRoute(RouteTable table, Plan plan, List<String> changes) {
    String tableId = table.routeTableId();
    Optional<Route> current = defaultRoute(table);
    Target target = plan.target();
    if (target == null) {
      if (current.isPresent()) {
        vc.mutate("delete the internet route of " + tableId,
            () -> vc.ec2().deleteRoute(b -> b.routeTableId(tableId).destinationCidrBlock(ANYWHERE)));
        changes.add("deleted internet route " + describe(current.get()) + " from " + plan.key());
      }
      return;
    }
    if (current.isEmpty()) {
      vc.mutate("add the default route of " + tableId, () -> vc.ec2().createRoute(b -> b.routeTableId(tableId)
          .destinationCidrBlock(ANYWHERE).gatewayId(target.gatewayId()).natGatewayId(target.natGatewayId())));
      changes.add("added default route to " + target.id() + " in " + plan.key());
    } else if (!target.matches(current.get())) {
      vc.mutate("replace the default route of " + tableId, () -> vc.ec2().replaceRoute(b -> b.routeTableId(tableId)
          .destinationCidrBlock(ANYWHERE).gatewayId(target.gatewayId()).natGatewayId(target.natGatewayId())));
      changes.add("pointed the default route of " + plan.key() + " at " + target.id());
    }
  }

  /** Moves the subnet's association to the table, or creates it. */
  private void convergeAssociation(Map<String, RouteTable> tables, String tableId, String subnetId,
      List<String> changes) {
    Optional<RouteTableAssociation> current = associationOf(tables, subnetId);
    if (current.isEmpty()) {
      vc.mutate("associate " + subnetId + " with " + tableId,
          () -> vc.ec2().associateRouteTable(b -> b.routeTableId(tableId).subnetId(subnetId)));
      changes.add("associated " + subnetId + " with " + tableId);
    } else if (!tableId.equals(current.get().routeTableId())) {
      String associationId = current.get().routeTableAssociationId();
      vc.mutate("move " + subnetId + " to " + tableId, () -> vc.ec2().replaceRouteTableAssociation(b -> b
          .associationId(associationId).routeTableId(tableId)));
      changes.add("moved " + subnetId + " from " + current.get().routeTableId() + " to " + tableId);
    }
  }

  /** Read-only differences. */
  void verify(String vpcId, String igwId, Map<String, String> subnetIds, Map<String, String> natIds,
      List<String> differences) {
    Map<String, RouteTable> tables = inVpc(vpcId);
    for (Plan plan : plans(igwId, subnetIds, natIds)) {
      Optional<RouteTable> found = pick(tables, plan.key());
      if (found.isEmpty()) {
        differences.add("route table " + plan.key() + " is missing");
        continue;
      }
      RouteTable table = found.get();
      String label = "route table " + plan.key() + " (" + table.routeTableId() + ")";
      Optional<Route> route = defaultRoute(table);
      if (plan.target() == null && route.isPresent()) {
        differences.add(label + ": the data tier has an internet route " + describe(route.get()) + ", expected none");
      } else if (plan.target() != null && route.isEmpty()) {
        differences.add(label + ": default route " + ANYWHERE + " is missing, expected to " + plan.target().id());
      } else if (plan.target() != null && !plan.target().matches(route.get())) {
        differences.add(label + ": default route is " + describe(route.get()) + ", expected to " + plan.target().id());
      }
      for (String subnetId : plan.subnetIds()) {
        Optional<RouteTableAssociation> association = associationOf(tables, subnetId);
        if (association.isEmpty() || !table.routeTableId().equals(association.get().routeTableId())) {
          differences.add(label + ": subnet " + subnetId + " is associated with "
              + association.map(RouteTableAssociation::routeTableId).orElse("the main route table")
              + ", expected this table");
        }
      }
      vc.tagDifferences(label, table.tags(), plan.key(), plan.suffix(), differences);
    }
  }

  private static Optional<Route> defaultRoute(RouteTable table) {
    return table.routes().stream().filter(r -> ANYWHERE.equals(r.destinationCidrBlock())).findFirst();
  }

  private static String describe(Route route) {
    String target = route.gatewayId() != null ? route.gatewayId()
        : route.natGatewayId() != null ? route.natGatewayId()
        : route.transitGatewayId() != null ? route.transitGatewayId()
        : route.networkInterfaceId() != null ? route.networkInterfaceId()
        : "another target";
    return route.destinationCidrBlock() + " -> " + target;
  }

  private static Optional<RouteTableAssociation> associationOf(Map<String, RouteTable> tables, String subnetId) {
    return tables.values().stream().flatMap(t -> t.associations().stream())
        .filter(a -> subnetId.equals(a.subnetId())).findFirst();
  }

  private Optional<RouteTable> pick(Map<String, RouteTable> tables, String key) {
    Optional<RouteTable> recorded = vc.recorded(key).map(tables::get);
    if (recorded.isPresent()) {
      return recorded;
    }
    return tables.values().stream().filter(t -> vc.keyOf(t.tags()).filter(key::equals).isPresent()).findFirst();
  }

  private Map<String, RouteTable> inVpc(String vpcId) {
    Map<String, RouteTable> byId = new LinkedHashMap<>();
    vc.ec2().describeRouteTablesPaginator(b -> b.filters(VpcContext.filter("vpc-id", vpcId))).routeTables()
        .forEach(t -> byId.put(t.routeTableId(), t));
    return byId;
  }

  /** Removes the associations of every table of this env and step, then deletes the tables. */
  void rollback() {
    Map<String, String> ids = new LinkedHashMap<>(vc.recordedWithPrefix("routeTable."));
    List<RouteTable> tables = new ArrayList<>();
    vc.ec2().describeRouteTablesPaginator(b -> b.filters(vc.ownedByStep())).routeTables().forEach(tables::add);
    tables.forEach(t -> ids.putIfAbsent(t.routeTableId(), vc.keyOf(t.tags()).orElse(t.routeTableId())));
    for (Map.Entry<String, String> entry : ids.entrySet()) {
      String tableId = entry.getKey();
      List<RouteTableAssociation> associations = new ArrayList<>();
      try {
        vc.ec2().describeRouteTables(b -> b.routeTableIds(tableId)).routeTables()
            .forEach(t -> associations.addAll(t.associations()));
      } catch (Ec2Exception e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
      for (RouteTableAssociation association : associations) {
        if (!Boolean.TRUE.equals(association.main())) {
          VpcContext.ignoreNotFound(() -> vc.ec2().disassociateRouteTable(b -> b
              .associationId(association.routeTableAssociationId())));
        }
      }
      VpcContext.ignoreNotFound(() -> vc.ec2().deleteRouteTable(b -> b.routeTableId(tableId)));
      LOG.info("deleted route table [step={}] [key={}] [routeTableId={}]", VpcStep.ID, entry.getValue(), tableId);
      vc.forget(entry.getValue());
    }
  }
}
