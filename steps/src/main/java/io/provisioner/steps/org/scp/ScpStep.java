package io.provisioner.steps.org.scp;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Reconciler.Mode;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.org.RetainedVerdict;
import io.provisioner.steps.org.organization.OrganizationOutputs;
import io.provisioner.steps.org.organization.OrganizationStep;
import io.provisioner.steps.org.scp.ScpSpec.Policy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/**
 * The service control policies of seed 004: region deny, protection of the security services and
 * S3 encryption, each attached to the OUs its spec names (OU and root ids from {@link
 * OrganizationOutputs}).
 *
 * <p>Written on the resource kernel: the {@link PolicyTypeResource} (SCPs enabled on the root), then
 * a {@link PolicyResource} per policy, found by its name {@code <project>-<env>-<name>}, its
 * content, description and targets converged. Checkpoints: {@code scpPolicyType} = root id, {@code
 * policy.<name>} = policy id.
 *
 * <p>Rollback detaches each policy from every target and deletes it; "not found" is done. It reads
 * no upstream outputs, and leaves the SCP policy type enabled on the root: other policies may rely
 * on it, and it allows everything while only the AWS-managed {@code FullAWSAccess} is attached.
 * Verify is therefore MISSING while none of the policies exists, whatever the policy type.
 */
public final class ScpStep extends ResourceStep {
  public static final String ID = "org.scp";

  private final ScpSpec spec;

  public ScpStep(ScpSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<OutputRef<?>> references() {
    return List.of(OrganizationStep.OUTPUTS);
  }

  @Override
  public ScpSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("organizations", ctx -> ctx.clients().get(OrganizationsClient.class)
        .listPolicies(r -> r.filter(PolicyTypeResource.SCP).maxResults(1))));
  }

  @Override
  protected void reconcile(Reconciler loop) {
    declare(loop);
  }

  @Override
  public Verification verify(StepContext ctx) {
    Reconciler loop = Reconciler.of(ctx, ID, Mode.VERIFY);
    int policies = declare(loop);
    return RetainedVerdict.of(loop.verification(), spec.policies().isEmpty() || policies > 0);
  }

  /** Declares the resources; returns how many of the policies exist. */
  private int declare(Reconciler loop) {
    StepContext ctx = loop.context();
    ScpRenderer renderer = renderer(ctx);
    if (loop.mode() == Mode.DELETE) {
      spec.policies().forEach(policy -> loop.ensure(new PolicyResource(ctx, policy, renderer, Map.of())));
      return 0;
    }
    OrganizationOutputs organization = ctx.read(OrganizationStep.OUTPUTS);
    loop.ensure(new PolicyTypeResource(ctx, organization.rootId()));
    int found = 0;
    for (Policy policy : spec.policies()) {
      if (loop.ensure(new PolicyResource(ctx, policy, renderer, targetIds(organization, policy))).isPresent()) {
        found++;
      }
    }
    return found;
  }

  /** OU name (or {@code Root}) to id, for the policy's targets. */
  private static Map<String, String> targetIds(OrganizationOutputs organization, Policy policy) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String ou : policy.targets()) {
      result.put(ou, ScpSpec.ROOT.equals(ou) ? organization.rootId() : organization.ouId(ou));
    }
    return result;
  }

  private ScpRenderer renderer(StepContext ctx) {
    PartitionMetadata partition = PartitionMetadata.of(Region.of(ctx.target().region()));
    return ScpRenderer.of(spec, partition == null ? "aws" : partition.id(), ctx.project(), ctx.env());
  }
}
