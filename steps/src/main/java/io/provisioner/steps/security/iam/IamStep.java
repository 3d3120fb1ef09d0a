package io.provisioner.steps.security.iam;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * {@code security.iam}: the service roles (ECS task execution and task, Lambda, RDS enhanced
 * monitoring, Backup, flow logs, Config, S3 replication, the EC2 app server), the EC2 instance
 * profile and the MFA-enforcement policy with its group (seed 000 §IAM, seed 004 Layer 1).
 *
 * <p>Everything is found again by its unique name {@code <project>-<env>-<name>}, so a create whose
 * response was lost is adopted on the next attempt instead of failing or making a twin. Roles,
 * profiles, policies and groups recorded by an earlier run but no longer in the spec are deleted
 * by {@code create}: IAM entities hold no data.
 */
public final class IamStep implements Step {
  public static final String ID = "security.iam";
  /** What this step publishes, for the steps that read it. */
  public static final io.provisioner.steps.OutputRef<IamOutputs> OUTPUTS =
      io.provisioner.steps.OutputRef.of(ID, IamOutputs.class);
  private static final Logger LOG = LoggerFactory.getLogger(IamStep.class);

  private final IamSpec spec;

  public IamStep(IamSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of();
  }

  @Override
  public IamSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("iam", ctx -> ctx.clients().get(IamClient.class).listRoles(r -> r.maxItems(1))));
  }

  @Override
  public void create(StepContext ctx) {
    IamContext c = IamContext.of(ctx, spec.path());
    checkNames(c);
    ServiceRoles roles = new ServiceRoles(c);
    InstanceProfiles profiles = new InstanceProfiles(c);
    MfaEnforcement mfa = new MfaEnforcement(c);

    for (IamSpec.Role role : spec.roles()) {
      roles.converge(role);
    }
    profiles.converge(spec.instanceProfile());
    mfa.converge(spec.mfa());
    deleteWhatLeftTheSpec(c, roles, profiles, mfa);
    LOG.info("converged [step={}, env={}, roles={}]", ID, ctx.env(), spec.roles().size());
    ctx.publish(IamOutputs.of(ctx.checkpoints().all()));
  }

  @Override
  public Verification verify(StepContext ctx) {
    IamContext c = IamContext.of(ctx, spec.path());
    checkNames(c);
    ServiceRoles roles = new ServiceRoles(c);
    InstanceProfiles profiles = new InstanceProfiles(c);
    MfaEnforcement mfa = new MfaEnforcement(c);

    boolean anything = spec.roles().stream().anyMatch(r -> roles.exists(r.name()))
        || profiles.exists(spec.instanceProfile().name())
        || mfa.policyExists(spec.mfa().policy().name())
        || mfa.groupExists(spec.mfa().group());
    if (!anything) {
      return Verification.missing("no role, instance profile, policy or group of " + ID + " exists in env "
          + ctx.env());
    }
    List<String> differences = new ArrayList<>();
    for (IamSpec.Role role : spec.roles()) {
      differences.addAll(roles.differences(role));
    }
    differences.addAll(profiles.differences(spec.instanceProfile()));
    differences.addAll(mfa.differences(spec.mfa()));
    for (String stale : staleRoles(c)) {
      differences.add("role " + c.naming().physical(stale) + " is no longer in the spec");
    }
    return Verification.of(differences);
  }

  @Override
  public void rollback(StepContext ctx) {
    IamContext c = IamContext.of(ctx, spec.path());
    ServiceRoles roles = new ServiceRoles(c);
    InstanceProfiles profiles = new InstanceProfiles(c);
    MfaEnforcement mfa = new MfaEnforcement(c);

    for (String group : union(List.of(spec.mfa().group()), c.recorded(MfaEnforcement.GROUP_PREFIX))) {
      mfa.deleteGroup(group);
    }
    for (String policy : union(List.of(spec.mfa().policy().name()), c.recorded(MfaEnforcement.POLICY_PREFIX))) {
      mfa.deletePolicy(policy);
    }
    for (String profile : union(List.of(spec.instanceProfile().name()),
        c.recorded(InstanceProfiles.CHECKPOINT_PREFIX))) {
      profiles.delete(profile);
    }
    List<String> roleNames = union(spec.roles().stream().map(IamSpec.Role::name).toList(),
        c.recorded(ServiceRoles.CHECKPOINT_PREFIX));
    for (int i = roleNames.size() - 1; i >= 0; i--) {
      roles.delete(roleNames.get(i));
    }
    LOG.info("rolled back [step={}, env={}]", ID, ctx.env());
  }

  /** Fails before any call when a physical name would exceed IAM's limit. */
  private void checkNames(IamContext c) {
    spec.roles().forEach(r -> c.naming().physical(r.name()));
    c.naming().physical(spec.instanceProfile().name());
    c.naming().physical(spec.mfa().group());
    c.naming().physical(spec.mfa().policy().name());
  }

  private void deleteWhatLeftTheSpec(IamContext c, ServiceRoles roles, InstanceProfiles profiles,
      MfaEnforcement mfa) {
    c.recorded(MfaEnforcement.GROUP_PREFIX).stream().filter(g -> !g.equals(spec.mfa().group()))
        .forEach(mfa::deleteGroup);
    c.recorded(MfaEnforcement.POLICY_PREFIX).stream().filter(p -> !p.equals(spec.mfa().policy().name()))
        .forEach(mfa::deletePolicy);
    c.recorded(InstanceProfiles.CHECKPOINT_PREFIX).stream()
        .filter(p -> !p.equals(spec.instanceProfile().name()))
        .forEach(profiles::delete);
    staleRoles(c).forEach(roles::delete);
  }

  private List<String> staleRoles(IamContext c) {
    Set<String> wanted = new LinkedHashSet<>(spec.roles().stream().map(IamSpec.Role::name).toList());
    return c.recorded(ServiceRoles.CHECKPOINT_PREFIX).stream().filter(r -> !wanted.contains(r)).toList();
  }

  private static List<String> union(List<String> fromSpec, List<String> recorded) {
    Set<String> all = new LinkedHashSet<>(fromSpec);
    all.addAll(recorded);
    return List.copyOf(all);
  }
}
