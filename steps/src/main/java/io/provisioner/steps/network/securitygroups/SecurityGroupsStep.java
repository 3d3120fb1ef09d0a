package io.provisioner.steps.network.securitygroups;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The environment's security groups (seed 000 §Security Groups, seed 004 defense in depth):
 * {@code alb}, {@code ecs}, {@code rds}, {@code redis} and {@code endpoints}, named {@code
 * <project>-<env>-<role>} in the VPC of {@code network.vpc}. Every ingress and egress rule is its own
 * rule resource, references a group instead of a CIDR wherever the peer is one of ours, and the
 * default allow-all egress of each group is replaced by explicit rules (see {@link RulePlan}). The
 * VPC's default security group is stripped of all rules.
 *
 * <p>Outputs: {@code sg.alb}, {@code sg.ecs}, {@code sg.rds}, {@code sg.redis}, {@code
 * sg.endpoints}. The group descriptions cannot be changed in place and are not compared. Rollback
 * revokes the cross-references, then deletes the groups; the default group stays stripped.
 */
public final class SecurityGroupsStep implements Step {
  public static final String ID = "network.security-groups";
  /** What this step publishes, for the steps that read it. */
  public static final io.provisioner.steps.OutputRef<SecurityGroupsOutputs> OUTPUTS =
      io.provisioner.steps.OutputRef.of(ID, SecurityGroupsOutputs.class);

  private final SecurityGroupsSpec spec;

  public SecurityGroupsStep(SecurityGroupsSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of(SecurityGroups.VPC_STEP);
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

  @Override
  public void create(StepContext ctx) {
    new SecurityGroups(ctx, spec).converge();
    ctx.publish(SecurityGroupsOutputs.of(ctx.checkpoints().all()));
  }

  @Override
  public Verification verify(StepContext ctx) {
    return new SecurityGroups(ctx, spec).verify();
  }

  @Override
  public void rollback(StepContext ctx) {
    new SecurityGroups(ctx, spec).rollback();
  }
}
