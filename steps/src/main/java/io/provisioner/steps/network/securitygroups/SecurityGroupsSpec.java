package io.provisioner.steps.network.securitygroups;

import io.provisioner.steps.spec.SpecCheck;
import java.util.HashSet;
import java.util.List;

/**
 * Ports and sources of the environment's security groups (seed 000 §Security Groups).
 *
 * @param appPort the port the ECS tasks listen on behind the ALB, e.g. {@code 8080}
 * @param albIngressCidrs who may reach the ALB on 80 and 443 (IPv4 or IPv6 CIDRs); {@code null}
 *     means {@code ["0.0.0.0/0"]}
 * @param databasePort the PostgreSQL port of the RDS group, e.g. {@code 5432}
 * @param cachePort the Redis port of the ElastiCache group, e.g. {@code 6379}
 */
public record SecurityGroupsSpec(int appPort, List<String> albIngressCidrs, int databasePort, int cachePort) {

  public static final List<String> ANYWHERE = List.of("0.0.0.0/0");

  private static final String IPV4 =
      "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)/(3[0-2]|[12]?\\d)";
  private static final String IPV6 = "[0-9a-fA-F:]*:[0-9a-fA-F:]*/(12[0-8]|1[01]\\d|[1-9]?\\d)";

  public SecurityGroupsSpec {
    albIngressCidrs = albIngressCidrs == null ? ANYWHERE : List.copyOf(albIngressCidrs);
    List<String> cidrs = albIngressCidrs;
    SpecCheck.of()
        .range(appPort, 1, 65535, "appPort")
        .range(databasePort, 1, 65535, "databasePort")
        .range(cachePort, 1, 65535, "cachePort")
        .notEmpty(cidrs, "albIngressCidrs")
        .require(cidrs.stream().allMatch(SecurityGroupsSpec::isCidr), "albIngressCidrs",
            "each entry must be a CIDR block like 0.0.0.0/0, 203.0.113.0/24 or ::/0")
        .require(new HashSet<>(cidrs).size() == cidrs.size(), "albIngressCidrs", "lists a CIDR block twice")
        .done();
  }

  /** The seed's values: app on 8080, ALB open to the internet, PostgreSQL 5432, Redis 6379. */
  public static SecurityGroupsSpec defaults() {
    return new SecurityGroupsSpec(8080, ANYWHERE, 5432, 6379);
  }

  static boolean isCidr(String value) {
    return value != null && (value.matches(IPV4) || value.matches(IPV6));
  }

  static boolean isIpv6(String cidr) {
    return cidr.contains(":");
  }
}
