package io.provisioner.steps.network.securitygroups;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.network.vpc.VpcOutputs;
import io.provisioner.steps.network.vpc.VpcStep;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The environment's security groups (seed 000 §Security Groups, seed 004 defense in depth):
 * {@code alb}, {@code ecs}, {@code rds}, {@code redis} and {@code endpoints}, named {@code
 * <project>-<env>-<role>} in the VPC of {@code network.vpc}. Every ingress and egress rule is its own
 * rule resource, references a group instead of a CIDR wherever the peer is one of ours, and the
 * default allow-all egress of each group is replaced by explicit rules (see {@link RulePlan}). The
 * VPC's default security group is stripped of all rules.
 *
 * <p>Written on the resource kernel: a {@link GroupResource} per role, then the rules of each
 * ({@link GroupRulesResource}), then those of the default group. Checkpoints {@code sg.<role>} (and
 * {@code sg.default}); publishes {@link SecurityGroupsOutputs}. The group descriptions cannot be
 * changed in place and are not compared. Rollback revokes the rules that reference groups, then
 * deletes the groups in reverse order; the default group stays stripped and goes with the VPC.
 */
public final class SecurityGroupsStep extends ResourceStep {
  public static final String ID = "network.security-groups";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<SecurityGroupsOutputs> OUTPUTS = OutputRef.of(ID, SecurityGroupsOutputs.class);

  private final SecurityGroupsSpec spec;

  public SecurityGroupsStep(SecurityGroupsSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<OutputRef<?>> references() {
    return List.of(VpcStep.OUTPUTS);
  }

  @Override
  public SecurityGroupsSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("ec2",
        ctx -> ctx.clients().get(Ec2Client.class).describeSecurityGroups(r -> r.maxResults(5))));
  }

  /** The groups, then their rules (which need every group's id), then the default group's rules. */
  @Override
  protected void reconcile(Reconciler loop) {
    StepContext ctx = loop.context();
    boolean deleting = loop.mode() == Reconciler.Mode.DELETE;
    Optional<VpcOutputs> vpc = deleting ? ctx.find(VpcStep.OUTPUTS) : Optional.of(ctx.read(VpcStep.OUTPUTS));
    Optional<String> vpcId = vpc.map(VpcOutputs::vpcId);
    Ec2Client ec2 = ctx.clients().get(Ec2Client.class);
    Map<GroupRole, String> found = new EnumMap<>(GroupRole.class);
    for (GroupRole role : GroupRole.values()) {
      loop.ensure(new GroupResource(ctx, ec2, role, vpcId)).ifPresent(group -> found.put(role, group.groupId()));
    }
    if (found.isEmpty()) {
      return;
    }
    Map<GroupRole, String> ids = new EnumMap<>(GroupRole.class);
    for (GroupRole role : GroupRole.values()) {
      ids.put(role, found.getOrDefault(role, "missing:" + role.key()));
    }
    UnaryOperator<String> labels = labels(ids);
    Optional<RulePlan> plan = deleting ? Optional.empty() : vpc.map(v -> RulePlan.of(spec, v.vpcCidr(), ids));
    found.forEach((role, groupId) -> loop.ensure(GroupRulesResource.of(ctx, ec2, role, groupId,
        plan.map(p -> p.rulesOf(role)).orElse(List.of()), labels)));
    vpcId.ifPresent(id -> loop.ensure(GroupRulesResource.ofDefaultGroup(ctx, ec2, id, labels)));
    Map<String, String> published = new LinkedHashMap<>();
    found.forEach((role, groupId) -> published.put(role.key(), groupId));
    loop.publish(new SecurityGroupsOutputs(published));
  }

  /** Labels group ids in messages: {@code ecs (sg-0abc)}, {@code ecs (missing)}. */
  private static UnaryOperator<String> labels(Map<GroupRole, String> ids) {
    Map<String, String> byId = new LinkedHashMap<>();
    ids.forEach((role, id) -> byId.put(id, role.key() + " (" + (id.startsWith("missing:") ? "missing" : id) + ")"));
    return id -> byId.getOrDefault(id, id);
  }
}
