package io.provisioner.steps.security.iam;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.ResourceStep;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;

/**
 * {@code security.iam}: the service roles (ECS task execution and task, Lambda, RDS enhanced
 * monitoring, Backup, flow logs, Config, S3 replication, the EC2 app server), the EC2 instance
 * profile and the MFA-enforcement policy with its group (seed 000 §IAM, seed 004 Layer 1).
 *
 * <p>Written on the resource kernel: a {@link RoleResource} per role, an {@link
 * InstanceProfileResource}, an {@link MfaPolicyResource} and an {@link MfaGroupResource}. Everything
 * is called {@code <project>-<env>-<name>} and found again by that name, so a create whose response
 * was lost is adopted on the next attempt instead of failing or making a twin. Checkpoints: {@code
 * role.<name>.arn}, {@code instance-profile.<name>.arn}, {@code policy.<name>.arn}, {@code
 * group.<name>.arn}. What an earlier run recorded but the spec no longer names is deleted by
 * {@code create} ({@link LeftTheSpec}): IAM entities hold no data. Publishes {@link IamOutputs}.
 */
public final class IamStep extends ResourceStep {
  public static final String ID = "security.iam";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<IamOutputs> OUTPUTS = OutputRef.of(ID, IamOutputs.class);

  private final IamSpec spec;

  public IamStep(IamSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public IamSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("iam", ctx -> ctx.clients().get(IamClient.class).listRoles(r -> r.maxItems(1))));
  }

  /** Every resource is built (and its name checked against IAM's limit) before the first call. */
  @Override
  protected void reconcile(Reconciler loop) {
    IamContext c = IamContext.of(loop.context(), spec.path());
    List<RoleResource> roles = spec.roles().stream().map(r -> RoleResource.of(c, r)).toList();
    InstanceProfileResource profile = InstanceProfileResource.of(c, spec.instanceProfile());
    MfaPolicyResource policy = MfaPolicyResource.of(c, spec.mfa().policy());
    MfaGroupResource group = MfaGroupResource.of(c, spec.mfa().group(), policy.arn());
    LeftTheSpec left = new LeftTheSpec(loop, ID);

    Map<String, String> roleArns = new TreeMap<>();
    for (RoleResource role : roles) {
      loop.ensure(role).ifPresent(live -> roleArns.put(role.logical(), live.arn()));
    }
    left.declare(RoleResource.KIND, names(), name -> RoleResource.leftover(c, name));
    Optional<InstanceProfile> instanceProfile = loop.ensure(profile);
    left.declare(InstanceProfileResource.KIND, Set.of(spec.instanceProfile().name()),
        name -> InstanceProfileResource.leftover(c, name));
    loop.ensure(policy);
    left.declare(MfaPolicyResource.KIND, Set.of(spec.mfa().policy().name()),
        name -> MfaPolicyResource.leftover(c, name));
    loop.ensure(group);
    left.declare(MfaGroupResource.KIND, Set.of(spec.mfa().group()), name -> MfaGroupResource.leftover(c, name));
    left.finish();
    loop.publish(new IamOutputs(roleArns, instanceProfile.map(InstanceProfile::arn).orElse(null)));
  }

  private Set<String> names() {
    return Set.copyOf(spec.roles().stream().map(IamSpec.Role::name).toList());
  }
}
