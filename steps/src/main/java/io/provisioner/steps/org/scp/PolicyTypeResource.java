package io.provisioner.steps.org.scp;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.org.organization.OrganizationStep;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.organizations.model.PolicyTypeStatus;
import software.amazon.awssdk.services.organizations.model.PolicyTypeSummary;
import software.amazon.awssdk.services.organizations.model.Root;

/**
 * The service control policy type, enabled on the organization's root: SCPs can be attached only
 * once it is. Enabling is asynchronous (PENDING_ENABLE, then ENABLED); the loop waits for ENABLED.
 * Checkpoint: {@code scpPolicyType} = the root's id.
 *
 * <p>Rollback leaves it enabled (the step does not declare it then): other policies may rely on it,
 * and it allows everything while only the AWS-managed {@code FullAWSAccess} is attached.
 */
final class PolicyTypeResource implements Resource<PolicyTypeSummary> {
  static final PolicyType SCP = PolicyType.SERVICE_CONTROL_POLICY;

  private static final ErrorCodes ERRORS = ErrorCodes.notFound("RootNotFoundException")
      .alreadyExists("PolicyTypeAlreadyEnabledException").notYetVisible("PolicyChangesInProgressException");
  private static final Set<PolicyTypeStatus> ON = Set.of(PolicyTypeStatus.ENABLED, PolicyTypeStatus.PENDING_ENABLE);

  private final OrganizationsClient org;
  private final String rootId;

  /** @param rootId the root, from {@code org.organization}'s outputs */
  PolicyTypeResource(StepContext ctx, String rootId) {
    this.org = ctx.clients().get(OrganizationsClient.class);
    this.rootId = rootId;
  }

  @Override
  public String key() {
    return "scpPolicyType";
  }

  @Override
  public String description() {
    return "the service control policy type on root " + rootId;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<PolicyTypeSummary> read(String recordedRootId) {
    return root(recordedRootId).flatMap(PolicyTypeResource::scp);
  }

  @Override
  public Optional<PolicyTypeSummary> lookup() {
    return scp(root(rootId).orElseThrow(() -> new StepException("root " + rootId + " published by "
        + OrganizationStep.ID + " does not exist; run up so " + OrganizationStep.ID + " converges")));
  }

  @Override
  public PolicyTypeSummary create() {
    Root root = org.enablePolicyType(r -> r.rootId(rootId).policyType(SCP)).root();
    return scp(root).orElseGet(() -> PolicyTypeSummary.builder().type(SCP).status(PolicyTypeStatus.PENDING_ENABLE)
        .build());
  }

  @Override
  public String id(PolicyTypeSummary type) {
    return rootId;
  }

  @Override
  public Optional<String> pending(PolicyTypeSummary type) {
    return type.status() == PolicyTypeStatus.ENABLED ? Optional.empty() : Optional.of("status is " + type.statusAsString());
  }

  /** Nothing: rollback leaves the policy type enabled (and the step does not declare it then). */
  @Override
  public void delete(PolicyTypeSummary type) {}

  private Optional<Root> root(String id) {
    return org.listRootsPaginator().stream().flatMap(p -> p.roots().stream()).filter(r -> r.id().equals(id)).findFirst();
  }

  private static Optional<PolicyTypeSummary> scp(Root root) {
    return root.policyTypes().stream().filter(t -> t.type() == SCP && ON.contains(t.status())).findFirst();
  }
}
