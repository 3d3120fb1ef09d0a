package io.provisioner.steps.network.vpc;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * The environment's VPC (seed 000 §VPC, seed 004 "VPC Design: Production-Grade Subnets"): DNS
 * support and hostnames on, an internet gateway, public/app/data/management subnets in every AZ,
 * NAT gateways (per AZ or single), route tables per tier (data without internet route), a network
 * ACL per tier and flow logs to CloudWatch Logs.
 *
 * <p>Creation order: VPC, internet gateway, subnets, Elastic IPs and NAT gateways, route tables,
 * network ACLs, log group and flow log; rollback goes the other way. Every resource is tagged
 * with the common tags, {@code provisioner:env/step/key} and {@code Name}, and every id is
 * checkpointed the moment it is known. A VPC's or subnet's CIDR cannot change in place: such a
 * change fails with the field named instead of replacing anything.
 *
 * <p>Outputs (checkpoint keys): {@code vpcId}, {@code vpcCidr}, {@code account}, {@code region},
 * {@code azs} (comma-separated, spec order), {@code subnet.<tier>.<az>} for tier public, app, data
 * and management, {@code routeTable.public}, {@code routeTable.<tier>.<az>} for app, data and
 * management, {@code igwId}, {@code nat.<az>} and {@code eip.<az>} (only the first AZ for {@code
 * SINGLE}), {@code nacl.<tier>}, {@code flowLogId}, {@code logGroup}.
 *
 * <p>Reads output {@code role.<flowLogs.roleName>.arn} of step {@code security.iam}.
 */
public final class VpcStep implements Step {
  public static final String ID = "network.vpc";
  /** What this step publishes, for the steps that read it. */
  public static final io.provisioner.steps.OutputRef<VpcOutputs> OUTPUTS =
      io.provisioner.steps.OutputRef.of(ID, VpcOutputs.class);
  static final String IAM_STEP = "security.iam";

  private static final Logger LOG = LoggerFactory.getLogger(VpcStep.class);

  /**
   * The subnets of one tier from this step's recorded outputs ({@code subnet.<tier>.<az>}), keyed
   * and ordered by AZ name; empty when none was recorded. For the steps that place resources in them.
   */
  public static java.util.SortedMap<String, String> subnetsByAz(io.provisioner.steps.Outputs vpc, String tier) {
    String prefix = "subnet." + tier + ".";
    java.util.SortedMap<String, String> byAz = new java.util.TreeMap<>();
    vpc.values().forEach((key, value) -> {
      if (key.startsWith(prefix)) {
        byAz.put(key.substring(prefix.length()), value);
      }
    });
    return byAz;
  }

  private final VpcSpec spec;

  public VpcStep(VpcSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of(IAM_STEP);
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

  @Override
  public void create(StepContext ctx) {
    checkRegion(ctx);
    VpcContext vc = new VpcContext(ctx, spec);
    List<String> changes = new ArrayList<>();
    Vpc vpc = VpcContext.phase("converging the VPC " + spec.cidr(), () -> new VpcCore(vc).converge(changes));
    String vpcId = vpc.vpcId();
    recordOutputs(vc);
    String igwId = VpcContext.phase("converging the internet gateway of " + vpcId,
        () -> new InternetGateway(vc).converge(vpcId, changes));
    Map<String, String> subnetIds = VpcContext.phase("converging the subnets of " + vpcId,
        () -> new Subnets(vc).converge(vpcId, changes));
    Map<String, String> natIds = VpcContext.phase("converging the NAT gateways of " + vpcId,
        () -> new NatGateways(vc).converge(vpcId, subnetIds, changes));
    VpcContext.phase("converging the route tables (and surplus NAT gateways) of " + vpcId, () -> {
      new RouteTables(vc).converge(vpcId, igwId, subnetIds, natIds, changes);
      new NatGateways(vc).pruneSurplus(vpcId, changes);
      return null;
    });
    VpcContext.phase("converging the network ACLs of " + vpcId, () -> {
      new NetworkAcls(vc).converge(vpcId, subnetIds, changes);
      return null;
    });
    VpcContext.phase("converging the flow logs of " + vpcId, () -> {
      new FlowLogs(vc).converge(vpcId, changes);
      return null;
    });
    if (changes.isEmpty()) {
      LOG.debug("VPC in sync [step={}] [vpcId={}]", ID, vpcId);
    } else {
      LOG.info("converged VPC [step={}] [vpcId={}] [changes={}]", ID, vpcId, String.join("; ", changes));
    }
    ctx.publish(VpcOutputs.of(ctx.checkpoints().all(), java.util.Arrays.stream(Tier.values()).map(Tier::key).toList()));
  }

  @Override
  public Verification verify(StepContext ctx) {
    VpcContext vc = new VpcContext(ctx, spec);
    return VpcContext.phase("verifying the VPC " + spec.cidr(), () -> {
      VpcCore core = new VpcCore(vc);
      Optional<Vpc> found = core.find();
      if (found.isEmpty()) {
        return Verification.missing("VPC " + spec.cidr() + " of environment " + ctx.env() + " is missing");
      }
      Vpc vpc = found.get();
      String vpcId = vpc.vpcId();
      List<String> differences = new ArrayList<>();
      core.verify(vpc, differences);
      Optional<String> igwId = new InternetGateway(vc).verify(vpcId, differences);
      Map<String, String> subnetIds = new Subnets(vc).verify(vpcId, differences);
      Map<String, String> natIds = new NatGateways(vc).verify(vpcId, differences);
      new RouteTables(vc).verify(vpcId, igwId.orElse("(missing internet gateway)"), subnetIds, natIds, differences);
      new NetworkAcls(vc).verify(vpcId, subnetIds, differences);
      new FlowLogs(vc).verify(vpcId, differences);
      return Verification.of(differences);
    });
  }

  /**
   * Deletes in reverse order: flow log and log group, network ACLs (subnets back on the default
   * ACL first), route tables (associations first), NAT gateways (waiting until deleted), Elastic
   * IPs, subnets, internet gateway (detached first), VPC. Ids come from the checkpoints and, for
   * anything whose id was never recorded, from the {@code provisioner:*} tags.
   */
  @Override
  public void rollback(StepContext ctx) {
    VpcContext vc = new VpcContext(ctx, spec);
    VpcCore core = new VpcCore(vc);
    List<Vpc> vpcs = VpcContext.phase("finding the VPC of " + ctx.env(), core::all);
    VpcContext.phase("deleting the flow logs", () -> run(() -> new FlowLogs(vc).rollback()));
    VpcContext.phase("deleting the network ACLs", () -> run(() -> new NetworkAcls(vc).rollback()));
    VpcContext.phase("deleting the route tables", () -> run(() -> new RouteTables(vc).rollback()));
    VpcContext.phase("deleting the NAT gateways and Elastic IPs", () -> run(() -> new NatGateways(vc).rollback()));
    VpcContext.phase("deleting the subnets", () -> run(() -> new Subnets(vc).rollback()));
    VpcContext.phase("deleting the internet gateway", () -> run(() -> new InternetGateway(vc).rollback()));
    VpcContext.phase("deleting the VPC", () -> run(() -> core.rollback(vpcs)));
    for (String key : List.copyOf(ctx.checkpoints().all().keySet())) {
      ctx.checkpoints().remove(key);
    }
  }

  private void recordOutputs(VpcContext vc) {
    StepContext ctx = vc.step();
    vc.remember("vpcCidr", spec.cidr());
    vc.remember("account", ctx.target().account());
    vc.remember("region", ctx.target().region());
    vc.remember("azs", String.join(",", spec.availabilityZones()));
  }

  private void checkRegion(StepContext ctx) {
    if (!spec.region().equals(ctx.target().region())) {
      throw new StepException("availabilityZones: the AZs " + spec.availabilityZones() + " are in " + spec.region()
          + " but network.vpc runs in " + ctx.target().region()
          + "; list AZs of " + ctx.target().region() + " or place the step in " + spec.region());
    }
  }

  private static Void run(Runnable work) {
    work.run();
    return null;
  }
}
