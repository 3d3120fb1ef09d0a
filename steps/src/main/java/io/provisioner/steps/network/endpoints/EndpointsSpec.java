package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.spec.SpecCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The VPC endpoints that keep AWS API traffic off the internet (seed 004 "VPC Endpoints: Keep
 * Traffic Private", seed 000 §VPC).
 *
 * @param s3Gateway an S3 gateway endpoint on the app, data and management route tables of every AZ
 * @param interfaceServices short service names of the interface endpoints, e.g. {@code ecr.api}
 *     (becomes {@code com.amazonaws.<region>.ecr.api}); {@code null} means none
 * @param subnetTier the subnet tier of {@code network.vpc} the interface endpoints live in, one
 *     subnet per AZ: {@code app} (the default when {@code null}), {@code data} or {@code management}
 */
public record EndpointsSpec(boolean s3Gateway, List<String> interfaceServices, String subnetTier) {

  /** The fifteen interface endpoints of seed 004. */
  public static final List<String> SEED_INTERFACE_SERVICES = List.of(
      "ec2", "ecr.api", "ecr.dkr", "ecs", "ecs-agent", "ecs-telemetry", "logs", "ssm", "ssmmessages",
      "ec2messages", "kms", "secretsmanager", "rds", "sns", "sqs");

  public static final String DEFAULT_TIER = "app";
  static final Set<String> TIERS = Set.of("app", "data", "management");
  static final String S3 = "s3";

  public EndpointsSpec {
    interfaceServices = interfaceServices == null ? List.of() : List.copyOf(interfaceServices);
    subnetTier = subnetTier == null ? DEFAULT_TIER : subnetTier;
    List<String> services = interfaceServices;
    SpecCheck.of()
        .require(services.stream().allMatch(s -> s != null && s.matches("[a-z0-9][a-z0-9.-]*")), "interfaceServices",
            "each entry must be a short service name of lowercase letters, digits, . and -, e.g. ecr.api")
        .require(services.stream().noneMatch(s -> s != null && s.startsWith("com.amazonaws.")), "interfaceServices",
            "give the short name (ssm), not the full service name: com.amazonaws.<region>. is added")
        .require(new HashSet<>(services).size() == services.size(), "interfaceServices", "lists a service twice")
        .require(!(s3Gateway && services.contains(S3)), "interfaceServices",
            "s3 is already served by the gateway endpoint (s3Gateway: true); remove it from the list")
        .require(TIERS.contains(subnetTier), "subnetTier", "must be one of app, data, management")
        .done();
  }

  /** Seed 004: the S3 gateway and the fifteen interface endpoints in the app subnets. */
  public static EndpointsSpec seed() {
    return new EndpointsSpec(true, SEED_INTERFACE_SERVICES, DEFAULT_TIER);
  }
}
