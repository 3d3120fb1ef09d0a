package io.provisioner.steps.network.vpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.provisioner.steps.RoleRef;
import io.provisioner.steps.network.vpc.SubnetPlanner.Cidr;
import io.provisioner.steps.spec.SpecCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment's VPC (seed 000 §VPC, seed 004 "VPC Design: Production-Grade Subnets").
 *
 * @param cidr the VPC block, /16 to /24, e.g. {@code 10.0.0.0/16}
 * @param availabilityZones 2-6 distinct AZ names of one region, e.g. {@code us-east-1a}
 * @param subnets per tier, AZ name to CIDR; every tier names exactly the AZs above
 * @param natGateways {@code PER_AZ} (production: one NAT per AZ) or {@code SINGLE} (one, in the first AZ)
 * @param flowLogs flow logs of the VPC to CloudWatch Logs
 * @param dataPorts TCP ports the data tier's network ACL lets in from the app subnets, e.g. 5432, 6379
 */
public record VpcSpec(
    String cidr,
    List<String> availabilityZones,
    Tiers subnets,
    NatGateways natGateways,
    FlowLogs flowLogs,
    List<Integer> dataPorts) {

  /** Retention values CloudWatch Logs accepts. */
  public static final Set<Integer> RETENTION_DAYS = Set.of(
      1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

  /** Region code at the start of an AZ name: {@code us-east-1} of {@code us-east-1a}. */
  private static final String AZ_PATTERN = "([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d)[a-z]";

  /** How many NAT gateways the VPC gets. */
  public enum NatGateways {
    /** One NAT gateway in every AZ, each app/management route table uses its own AZ's (production). */
    PER_AZ,
    /** One NAT gateway in the first AZ for every route table (cheaper; dev). */
    SINGLE
  }

  /** Which flow-log records are delivered. */
  public enum TrafficType {
    ALL,
    ACCEPT,
    REJECT
  }

  public VpcSpec {
    availabilityZones = availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
    dataPorts = dataPorts == null ? List.of() : List.copyOf(dataPorts);
    SpecCheck check = SpecCheck.of();
    Cidr vpc = checkVpcCidr(check, cidr);
    checkAvailabilityZones(check, availabilityZones);
    check.notNull(subnets, "subnets").notNull(natGateways, "natGateways").notNull(flowLogs, "flowLogs");
    if (subnets != null) {
      checkSubnets(check, vpc, availabilityZones, subnets);
    }
    checkDataPorts(check, dataPorts);
    check.done();
  }

  /** The region code the AZ names start with, e.g. {@code us-east-1}. */
  public String region() {
    return regionOf(availabilityZones.get(0));
  }

  static String regionOf(String az) {
    return az.matches(AZ_PATTERN) ? az.replaceAll(AZ_PATTERN, "$1") : "";
  }

  private static Cidr checkVpcCidr(SpecCheck check, String cidr) {
    try {
      Cidr vpc = Cidr.parse(cidr);
      check.require(vpc.prefix() >= 16 && vpc.prefix() <= 24, "cidr",
          vpc + " must be between /16 and /24 (AWS limits for a VPC)");
      return vpc;
    } catch (IllegalArgumentException e) {
      check.require(false, "cidr", e.getMessage());
      return null;
    }
  }

  private static void checkAvailabilityZones(SpecCheck check, List<String> azs) {
    check.require(azs.size() >= 2 && azs.size() <= 6, "availabilityZones",
        "lists " + azs.size() + " AZs; use 2 to 6");
    Set<String> seen = new HashSet<>();
    Set<String> regions = new HashSet<>();
    for (int i = 0; i < azs.size(); i++) {
      String az = azs.get(i);
      String field = "availabilityZones[" + i + "]";
      if (az == null || !az.matches(AZ_PATTERN)) {
        check.require(false, field, (az == null ? "null" : "'" + az + "'")
            + " is not an AZ name: it must start with a region code and end with a letter, e.g. us-east-1a");
        continue;
      }
      check.require(seen.add(az), field, az + " is listed twice");
      regions.add(regionOf(az));
    }
    check.require(regions.size() <= 1, "availabilityZones",
        "AZs of one region only; found regions " + new TreeSet<>(regions));
  }

  private static void checkSubnets(SpecCheck check, Cidr vpc, List<String> azs, Tiers subnets) {
    Map<String, Cidr> parsed = new LinkedHashMap<>();
    for (Tier tier : Tier.values()) {
      Map<String, String> byAz = subnets.of(tier);
      String prefix = "subnets." + tier.key();
      List<String> missing = azs.stream().filter(az -> !byAz.containsKey(az)).toList();
      List<String> extra = byAz.keySet().stream().filter(az -> !azs.contains(az)).toList();
      check.require(missing.isEmpty(), prefix, "has no subnet for " + String.join(", ", missing)
          + "; every tier needs one subnet per AZ of availabilityZones");
      check.require(extra.isEmpty(), prefix, "names " + String.join(", ", extra)
          + ", which availabilityZones does not list");
      for (Map.Entry<String, String> e : byAz.entrySet()) {
        String field = prefix + "." + e.getKey();
        try {
          Cidr subnet = Cidr.parse(e.getValue());
          check.require(vpc == null || vpc.contains(subnet), field,
              subnet + " is outside vpc cidr " + vpc);
          check.require(subnet.prefix() <= 28, field, subnet + " is smaller than /28, the smallest AWS subnet");
          parsed.put(field, subnet);
        } catch (IllegalArgumentException ex) {
          check.require(false, field, ex.getMessage());
        }
      }
    }
    List<Map.Entry<String, Cidr>> all = new ArrayList<>(parsed.entrySet());
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        Cidr a = all.get(i).getValue();
        Cidr b = all.get(j).getValue();
        check.require(!a.overlaps(b), all.get(j).getKey(),
            b + " overlaps " + all.get(i).getKey() + " (" + a + ")");
      }
    }
  }

  private static void checkDataPorts(SpecCheck check, List<Integer> ports) {
    check.notEmpty(ports, "dataPorts");
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      Integer port = ports.get(i);
      check.require(port != null && port >= 1 && port <= 65535, "dataPorts[" + i + "]",
          port + " is not a TCP port (1-65535)");
      check.require(port == null || seen.add(port), "dataPorts[" + i + "]", port + " is listed twice");
    }
    check.require(ports.size() <= 9, "dataPorts", "lists " + ports.size() + " ports; at most 9 fit the ACL rule plan");
  }

  /**
   * The subnets of each tier, AZ name to CIDR. The YAML keys are {@code public}, {@code app},
   * {@code data} and {@code management}.
   */
  public record Tiers(
      @JsonProperty("public") Map<String, String> publicSubnets,
      Map<String, String> app,
      Map<String, String> data,
      Map<String, String> management) {
    public Tiers {
      publicSubnets = copy(publicSubnets);
      app = copy(app);
      data = copy(data);
      management = copy(management);
    }

    Map<String, String> of(Tier tier) {
      return switch (tier) {
        case PUBLIC -> publicSubnets;
        case APP -> app;
        case DATA -> data;
        case MANAGEMENT -> management;
      };
    }

    private static Map<String, String> copy(Map<String, String> map) {
      return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
  }

  /**
   * @param retentionDays days CloudWatch Logs keeps the records; one of {@link #RETENTION_DAYS}
   * @param trafficType which records to deliver
   * @param roleName the role of {@code security.iam.roles} that may deliver to the log group; {@code
   *     flow-logs} when not given
   */
  public record FlowLogs(int retentionDays, TrafficType trafficType, RoleRef roleName) {
    public static final RoleRef DEFAULT_ROLE = RoleRef.of("flow-logs");

    public FlowLogs {
      roleName = roleName == null ? DEFAULT_ROLE : roleName;
      SpecCheck.of()
          .require(RETENTION_DAYS.contains(retentionDays), "retentionDays", retentionDays
              + " is not a CloudWatch Logs retention; use one of " + new TreeSet<>(RETENTION_DAYS))
          .notNull(trafficType, "trafficType")
          .done();
    }
  }
}
