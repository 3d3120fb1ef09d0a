package io.provisioner.steps.network.vpc;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Reconciler.Mode;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.network.vpc.RouteTableResource.Target;
import io.provisioner.steps.security.iam.IamStep;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.FlowLog;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * The environment's VPC (seed 000 §VPC, seed 004 "VPC Design: Production-Grade Subnets"), on the
 * resource kernel: the {@link VpcResource VPC} (DNS support and hostnames on), its {@link
 * InternetGatewayResource internet gateway}, a {@link SubnetResource subnet} per tier and AZ, an
 * {@link ElasticIpResource Elastic IP} and {@link NatGatewayResource NAT gateway} per AZ (or one,
 * for {@code SINGLE}), {@link RouteTableResource route tables} (one public, one per private tier
 * and AZ; data without an internet route), a {@link NetworkAclResource network ACL} per tier and a
 * {@link FlowLogResource flow log} to its {@link LogGroupResource log group}. Rollback deletes in
 * the reverse order.
 *
 * <p>Checkpoints (kept from before the kernel, so existing environments resume): {@code vpcId},
 * {@code vpcCidr}, {@code account}, {@code region}, {@code azs}, {@code igwId}, {@code
 * subnet.<tier>.<az>}, {@code eip.<az>}, {@code nat.<az>}, {@code routeTable.public}, {@code
 * routeTable.<tier>.<az>}, {@code nacl.<tier>}, {@code logGroup}, {@code flowLogId}. Publishes
 * {@link VpcOutputs}; reads the flow-log role of {@link IamStep#OUTPUTS}.
 *
 * <p>AZs are never removed in place: one the spec no longer lists keeps its resources (verify says
 * so) until a rollback, which deletes them with the rest.
 */
public final class VpcStep extends ResourceStep {
  public static final String ID = "network.vpc";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<VpcOutputs> OUTPUTS = OutputRef.of(ID, VpcOutputs.class);


  private final VpcSpec spec;

  public VpcStep(VpcSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<OutputRef<?>> references() {
    return List.of(IamStep.OUTPUTS);
  }

  @Override
  public VpcSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(
        new ServiceProbe("ec2", ctx -> ctx.clients().get(Ec2Client.class).describeVpcs(r -> r.maxResults(5))),
        new ServiceProbe("logs",
            ctx -> ctx.clients().get(CloudWatchLogsClient.class).describeLogGroups(r -> r.limit(1))));
  }

  /**
   * Declares the resources in creation order. A rollback also declares those of AZs the spec no
   * longer lists, and, when the VPC is gone, what can outlive it (internet gateway, Elastic IPs, log
   * group).
   */
  @Override
  protected void reconcile(Reconciler loop) {
    Network net = new Network(loop, spec);
    boolean deleting = loop.mode() == Mode.DELETE;
    if (loop.mode() == Mode.CONVERGE) {
      checkRegion(net.ctx);
    }
    Optional<Vpc> vpc = loop.ensure(new VpcResource(net));
    if (vpc.isEmpty() && !deleting) {
      return;
    }
    String vpcId = vpc.map(Vpc::vpcId).orElse(null);
    List<String> azs = deleting ? Stream.concat(spec.availabilityZones().stream(), staleAzs(net.ctx).stream()).toList()
        : spec.availabilityZones();
    Optional<InternetGateway> igw = loop.ensure(new InternetGatewayResource(net, vpcId));
    Map<Tier, Map<String, String>> subnets = new EnumMap<>(Tier.class);
    for (Tier tier : Tier.values()) {
      subnets.put(tier, new LinkedHashMap<>());
      for (String az : vpcId == null ? List.<String>of() : azs) {
        loop.ensure(new SubnetResource(net, vpcId, tier, az)).ifPresent(s -> subnets.get(tier).put(az, s.subnetId()));
      }
    }
    Map<String, String> nats = natGateways(loop, net, vpcId, subnets.get(Tier.PUBLIC), deleting ? azs : net.natAzs());
    Map<Tier, Map<String, String>> tables = new EnumMap<>(Tier.class);
    if (vpcId != null) {
      routeTables(loop, net, vpcId, igw, subnets, nats, azs, tables);
      if (!deleting) {
        removeSurplusNatGateways(loop, net, vpcId);
      }
      for (Tier tier : Tier.values()) {
        loop.ensure(new NetworkAclResource(net, vpcId, tier, List.copyOf(subnets.get(tier).values())));
      }
    }
    LogGroupResource logGroup = new LogGroupResource(net);
    loop.ensure(logGroup);
    if (vpcId != null) {
      FlowLogResource flowLog = new FlowLogResource(net, vpcId, logGroup.name());
      Optional<FlowLog> outdated = loop.mode() == Mode.CONVERGE ? flowLog.outdated() : Optional.empty();
      loop.ensure(flowLog);
      outdated.ifPresent(old -> Surplus.delete(flowLog, old, "replaced by a flow log with the spec's settings"));
    }
    if (loop.mode() == Mode.VERIFY) {
      staleAzs(net.ctx).forEach(az -> loop.difference("availabilityZones no longer lists " + az + ", where the VPC "
          + "still has subnets; AZs are not removed in place: move the workloads out and roll back network.vpc, "
          + "or list the AZ again"));
    }
    vpc.ifPresent(v -> loop.publish(new VpcOutputs(v.vpcId(), v.cidrBlock(), net.ctx.target().account(),
        net.ctx.target().region(), spec.availabilityZones(), byTierKey(subnets), byTierKey(tables))));
  }

  /** The NAT gateways and Elastic IPs of listed AZs that get none any more (after a switch to SINGLE). */
  private void removeSurplusNatGateways(Reconciler loop, Network net, String vpcId) {
    String why = "is not expected with natGateways=" + spec.natGateways();
    for (String az : spec.availabilityZones()) {
      if (!net.natAzs().contains(az)) {
        Surplus.remove(loop, new NatGatewayResource(net, vpcId, az, null, null), why);
        Surplus.remove(loop, new ElasticIpResource(net, az), why);
      }
    }
  }

  /** Per NAT AZ its Elastic IP, then its NAT gateway in the AZ's public subnet; NAT ids by AZ. */
  private static Map<String, String> natGateways(Reconciler loop, Network net, String vpcId,
      Map<String, String> publicSubnets, List<String> natAzs) {
    Map<String, String> nats = new LinkedHashMap<>();
    for (String az : natAzs) {
      Optional<Address> eip = loop.ensure(new ElasticIpResource(net, az));
      if (eip.isPresent() && vpcId != null && (publicSubnets.containsKey(az) || loop.mode() == Mode.DELETE)) {
        NatGatewayResource nat = new NatGatewayResource(net, vpcId, az, publicSubnets.get(az),
            eip.get().allocationId());
        if (loop.mode() == Mode.CONVERGE) {
          nat.forgetLeftover();
        }
        loop.ensure(nat).ifPresent(n -> nats.put(az, n.natGatewayId()));
      }
    }
    return nats;
  }

  /** The public table for every public subnet; per AZ an app, a data and a management table: into {@code tables}. */
  private static void routeTables(Reconciler loop, Network net, String vpcId, Optional<InternetGateway> igw,
      Map<Tier, Map<String, String>> subnets, Map<String, String> nats, List<String> azs,
      Map<Tier, Map<String, String>> tables) {
    Target internet = new Target(igw.map(InternetGateway::internetGatewayId).orElse("(no internet gateway)"), null);
    loop.ensure(new RouteTableResource(net, vpcId, Tier.PUBLIC, null, internet,
            List.copyOf(subnets.get(Tier.PUBLIC).values())))
        .ifPresent(t -> tables.put(Tier.PUBLIC, Map.of(VpcOutputs.ALL_AZS, t.routeTableId())));
    for (Tier tier : List.of(Tier.APP, Tier.DATA, Tier.MANAGEMENT)) {
      tables.put(tier, new LinkedHashMap<>());
      for (String az : azs) {
        Target target = tier.natRouted()
            ? new Target(null, nats.getOrDefault(net.natAzFor(az), "(no NAT gateway)")) : null;
        String subnetId = subnets.get(tier).get(az);
        loop.ensure(new RouteTableResource(net, vpcId, tier, az, target, subnetId == null ? List.of()
            : List.of(subnetId))).ifPresent(t -> tables.get(tier).put(az, t.routeTableId()));
      }
    }
  }

  /** AZs with recorded subnets that the spec no longer lists. */
  private List<String> staleAzs(StepContext ctx) {
    return ctx.checkpoints().all().keySet().stream().filter(key -> key.startsWith("subnet."))
        .map(key -> key.substring(key.indexOf('.', "subnet.".length()) + 1))
        .filter(az -> !spec.availabilityZones().contains(az)).distinct().sorted().toList();
  }

  private static Map<String, Map<String, String>> byTierKey(Map<Tier, Map<String, String>> byTier) {
    Map<String, Map<String, String>> byKey = new TreeMap<>();
    byTier.forEach((tier, byAz) -> byKey.put(tier.key(), byAz));
    return byKey;
  }

  private void checkRegion(StepContext ctx) {
    if (!spec.region().equals(ctx.target().region())) {
      throw new StepException("availabilityZones: the AZs " + spec.availabilityZones() + " are in " + spec.region()
          + " but network.vpc runs in " + ctx.target().region()
          + "; list AZs of " + ctx.target().region() + " or place the step in " + spec.region());
    }
  }
}
