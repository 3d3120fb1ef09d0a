package io.provisioner.steps.network.endpoints;

import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

/**
 * One endpoint as the spec wants it.
 *
 * @param key logical key: the short service name ({@code s3}, {@code ecr.api}); tag {@code
 *     provisioner:key}, checkpoint {@code endpoint.<key>}
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
    return type + "|" + sorted(routeTableIds) + "|" + sorted(subnetIds) + "|" + sorted(securityGroupIds);
  }

  boolean isGateway() {
    return type == VpcEndpointType.GATEWAY;
  }

  private static String sorted(Set<String> ids) {
    return String.join(",", ids.stream().sorted().toList());
  }
}
