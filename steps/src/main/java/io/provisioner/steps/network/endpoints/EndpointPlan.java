package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The endpoints of a spec, resolved against the outputs of {@code network.vpc} ({@code azs},
 * {@code routeTable.<tier>.<az>}, {@code subnet.<tier>.<az>}) and the endpoints group of {@code
 * network.security-groups}: the S3 gateway on the app, data and management route tables of every
 * AZ, then one interface endpoint per service in the spec's tier, one subnet per AZ.
 */
final class EndpointPlan {
  static final List<String> GATEWAY_TIERS = List.of("app", "data", "management");

  private EndpointPlan() {}

  /**
   * @param endpointsGroupId the group of the interface endpoints; only read when there are any
   */
  static List<DesiredEndpoint> of(EndpointsSpec spec, String region, Outputs vpc, Supplier<String> endpointsGroupId) {
    List<String> azs = azs(vpc.require("azs"));
    List<DesiredEndpoint> endpoints = new ArrayList<>();
    if (spec.s3Gateway()) {
      Set<String> routeTables = new LinkedHashSet<>();
      for (String tier : GATEWAY_TIERS) {
        for (String az : azs) {
          routeTables.add(vpc.require("routeTable." + tier + "." + az));
        }
      }
      endpoints.add(DesiredEndpoint.gateway(EndpointsSpec.S3, serviceName(region, EndpointsSpec.S3), routeTables));
    }
    if (!spec.interfaceServices().isEmpty()) {
      Set<String> subnets = new LinkedHashSet<>();
      for (String az : azs) {
        subnets.add(vpc.require("subnet." + spec.subnetTier() + "." + az));
      }
      Set<String> groups = Set.of(endpointsGroupId.get());
      for (String service : spec.interfaceServices()) {
        endpoints.add(DesiredEndpoint.ofInterface(service, serviceName(region, service), subnets, groups));
      }
    }
    return endpoints;
  }

  static String serviceName(String region, String service) {
    return "com.amazonaws." + region + "." + service;
  }

  static List<String> azs(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
