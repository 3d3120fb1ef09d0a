package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.network.vpc.VpcOutputs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The endpoints of a spec, resolved against {@link VpcOutputs} and the endpoints group of {@code
 * network.security-groups}: the S3 gateway on the app, data and management route tables of every
 * AZ, then one interface endpoint per service in the spec's tier, one subnet per AZ.
 */
final class EndpointPlan {
  static final List<String> GATEWAY_TIERS = List.of("app", "data", "management");

  private EndpointPlan() {}

  /**
   * @param vpc where the endpoints go; without it (a rollback) the endpoints have no placement
   * @param endpointsGroupId the group of the interface endpoints; read only when they are placed
   */
  static List<DesiredEndpoint> of(EndpointsSpec spec, String region, Optional<VpcOutputs> vpc,
      Supplier<String> endpointsGroupId) {
    List<String> azs = vpc.map(VpcOutputs::availabilityZones).orElse(List.of());
    List<DesiredEndpoint> endpoints = new ArrayList<>();
    if (spec.s3Gateway()) {
      Set<String> routeTables = new LinkedHashSet<>();
      for (String tier : GATEWAY_TIERS) {
        azs.forEach(az -> routeTables.add(vpc.get().routeTable(tier, az)));
      }
      endpoints.add(DesiredEndpoint.gateway(EndpointsSpec.S3, serviceName(region, EndpointsSpec.S3), routeTables));
    }
    if (!spec.interfaceServices().isEmpty()) {
      Set<String> subnets = new LinkedHashSet<>();
      azs.forEach(az -> subnets.add(vpc.get().subnet(spec.subnetTier(), az)));
      Set<String> groups = vpc.isPresent() ? Set.of(endpointsGroupId.get()) : Set.of();
      for (String service : spec.interfaceServices()) {
        endpoints.add(DesiredEndpoint.ofInterface(service, serviceName(region, service), subnets, groups));
      }
    }
    return endpoints;
  }

  static String serviceName(String region, String service) {
    return "com.amazonaws." + region + "." + service;
  }
}
