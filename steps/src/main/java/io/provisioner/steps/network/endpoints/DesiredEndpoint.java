package io.provisioner.steps.network.endpoints;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.SecurityGroupIdentifier;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

/**
 * One endpoint as the spec wants it, and how an existing one differs from it.
 *
 * @param key logical key: the short service name ({@code s3}, {@code ecr.api}); tag {@code
 *     provisioner:key} and output {@code endpoint.<key>}
 * @param serviceName full service name, e.g. {@code com.amazonaws.us-east-1.ecr.api}
 * @param type gateway (route tables) or interface (subnets, security groups, private DNS)
 * @param routeTableIds the route tables of a gateway endpoint
 * @param subnetIds the subnets of an interface endpoint, one per AZ
 * @param securityGroupIds the security groups of an interface endpoint
 */
record DesiredEndpoint(
    String key,
    String serviceName,
    VpcEndpointType type,
    Set<String> routeTableIds,
    Set<String> subnetIds,
    Set<String> securityGroupIds) {

  DesiredEndpoint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(type, "type");
    routeTableIds = Set.copyOf(routeTableIds);
    subnetIds = Set.copyOf(subnetIds);
    securityGroupIds = Set.copyOf(securityGroupIds);
  }

  static DesiredEndpoint gateway(String key, String serviceName, Set<String> routeTableIds) {
    return new DesiredEndpoint(key, serviceName, VpcEndpointType.GATEWAY, routeTableIds, Set.of(), Set.of());
  }

  static DesiredEndpoint ofInterface(String key, String serviceName, Set<String> subnetIds, Set<String> groupIds) {
    return new DesiredEndpoint(key, serviceName, VpcEndpointType.INTERFACE, Set.of(), subnetIds, groupIds);
  }

  /** The settings in a stable order, e.g. for a client token that differs when they do. */
  String fingerprint() {
    return type + "|" + sortedJoin(routeTableIds) + "|" + sortedJoin(subnetIds) + "|" + sortedJoin(securityGroupIds);
  }

  boolean isGateway() {
    return type == VpcEndpointType.GATEWAY;
  }

  /** Every way the endpoint differs from this one, in words; empty when in sync. */
  List<String> differences(VpcEndpoint actual) {
    List<String> differences = new ArrayList<>();
    if (!type.toString().equalsIgnoreCase(actual.vpcEndpointTypeAsString())) {
      differences.add("type is " + actual.vpcEndpointTypeAsString() + ", expected " + type);
      return differences;
    }
    if (isGateway()) {
      compare("route table", routeTableIds, Set.copyOf(actual.routeTableIds()), differences);
    } else {
      compare("subnet", subnetIds, Set.copyOf(actual.subnetIds()), differences);
      compare("security group", securityGroupIds, groupIds(actual), differences);
      if (!Boolean.TRUE.equals(actual.privateDnsEnabled())) {
        differences.add("private DNS is off, expected on");
      }
    }
    return differences;
  }

  /** The ModifyVpcEndpoint call that converges the endpoint, or empty when nothing differs. */
  Optional<ModifyVpcEndpointRequest> modification(VpcEndpoint actual) {
    ModifyVpcEndpointRequest.Builder modify = ModifyVpcEndpointRequest.builder().vpcEndpointId(actual.vpcEndpointId());
    boolean changed = false;
    if (isGateway()) {
      Set<String> current = Set.copyOf(actual.routeTableIds());
      List<String> add = minus(routeTableIds, current);
      List<String> remove = minus(current, routeTableIds);
      if (!add.isEmpty()) {
        modify.addRouteTableIds(add);
        changed = true;
      }
      if (!remove.isEmpty()) {
        modify.removeRouteTableIds(remove);
        changed = true;
      }
    } else {
      Set<String> subnets = Set.copyOf(actual.subnetIds());
      Set<String> groups = groupIds(actual);
      List<String> addSubnets = minus(subnetIds, subnets);
      List<String> removeSubnets = minus(subnets, subnetIds);
      List<String> addGroups = minus(securityGroupIds, groups);
      List<String> removeGroups = minus(groups, securityGroupIds);
      if (!addSubnets.isEmpty()) {
        modify.addSubnetIds(addSubnets);
        changed = true;
      }
      if (!removeSubnets.isEmpty()) {
        modify.removeSubnetIds(removeSubnets);
        changed = true;
      }
      if (!addGroups.isEmpty()) {
        modify.addSecurityGroupIds(addGroups);
        changed = true;
      }
      if (!removeGroups.isEmpty()) {
        modify.removeSecurityGroupIds(removeGroups);
        changed = true;
      }
      if (!Boolean.TRUE.equals(actual.privateDnsEnabled())) {
        modify.privateDnsEnabled(true);
        changed = true;
      }
    }
    return changed ? Optional.of(modify.build()) : Optional.empty();
  }

  private static Set<String> groupIds(VpcEndpoint actual) {
    Set<String> ids = new LinkedHashSet<>();
    for (SecurityGroupIdentifier group : actual.groups()) {
      ids.add(group.groupId());
    }
    return ids;
  }

  private static void compare(String what, Set<String> wanted, Set<String> actual, List<String> differences) {
    minus(wanted, actual).forEach(id -> differences.add(what + " " + id + " missing"));
    minus(actual, wanted).forEach(id -> differences.add("unexpected " + what + " " + id));
  }

  private static String sortedJoin(Set<String> ids) {
    return String.join(",", ids.stream().sorted().toList());
  }

  private static List<String> minus(Set<String> a, Set<String> b) {
    return a.stream().filter(x -> !b.contains(x)).sorted().toList();
  }
}
