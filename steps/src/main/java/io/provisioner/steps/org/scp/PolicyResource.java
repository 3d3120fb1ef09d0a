package io.provisioner.steps.org.scp;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.Policy;
import software.amazon.awssdk.services.organizations.model.PolicyTargetSummary;
import software.amazon.awssdk.services.organizations.model.Tag;

/**
 * One service control policy, named {@code <project>-<env>-<name>} (policy names are unique in an
 * organization), with its content (compared as JSON, not as text), description and the exact set
 * of targets it is attached to: the OUs its spec names, and nothing else. Checkpoint: {@code
 * policy.<name>} = policy id. Deleting detaches it from every target first (Organizations deletes
 * no attached policy).
 */
final class PolicyResource implements Resource<Policy> {
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("PolicyNotFoundException")
      .alreadyExists("DuplicatePolicyException")
      .notYetVisible("PolicyTypeNotEnabledException", "PolicyChangesInProgressException");

  private final StepContext ctx;
  private final OrganizationsClient org;
  private final ScpSpec.Policy policy;
  private final ScpRenderer renderer;
  private final Map<String, String> targets;
  private final String name;
  private String content;

  /** @param targets OU name (or {@code Root}) to target id; only compared and applied, not needed by rollback */
  PolicyResource(StepContext ctx, ScpSpec.Policy policy, ScpRenderer renderer, Map<String, String> targets) {
    this.ctx = ctx;
    this.org = ctx.clients().get(OrganizationsClient.class);
    this.policy = policy;
    this.renderer = renderer;
    this.targets = targets;
    this.name = ctx.project() + "-" + ctx.env() + "-" + policy.name();
  }

  @Override
  public String key() {
    return "policy." + policy.name();
  }

  @Override
  public String description() {
    return "service control policy " + name;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<Policy> read(String policyId) {
    return Optional.of(org.describePolicy(r -> r.policyId(policyId)).policy());
  }

  @Override
  public Optional<Policy> lookup() {
    return org.listPoliciesPaginator(r -> r.filter(PolicyTypeResource.SCP)).stream()
        .flatMap(p -> p.policies().stream()).filter(p -> name.equals(p.name())).findFirst()
        .flatMap(summary -> read(summary.id()));
  }

  @Override
  public Policy create() {
    return org.createPolicy(r -> r.name(name).description(policy.description()).type(PolicyTypeResource.SCP)
        .content(content()).tags(Tags.to(ctx.tags().forKey(key()), (k, v) -> Tag.builder().key(k).value(v).build())))
        .policy();
  }

  @Override
  public String id(Policy live) {
    return live.policySummary().id();
  }

  @Override
  public List<Setting<Policy>> settings() {
    return List.of(new Content(),
        Setting.of("description", p -> Objects.toString(p.policySummary().description(), ""), policy.description(),
            (p, value) -> org.updatePolicy(r -> r.policyId(id(p)).description(value))),
        Setting.of("name", p -> p.policySummary().name(), name,
            (p, value) -> org.updatePolicy(r -> r.policyId(id(p)).name(value))),
        new Targets());
  }

  @Override
  public void delete(Policy live) {
    targetsOf(id(live)).keySet().forEach(targetId -> detach(id(live), targetId));
    org.deletePolicy(r -> r.policyId(id(live)));
  }

  /** The rendered document, rendered once. */
  private String content() {
    if (content == null) {
      content = renderer.render(policy.document());
    }
    return content;
  }

  private final class Content implements Setting<Policy> {
    @Override
    public List<String> differences(Policy live) {
      return ScpRenderer.sameDocument(live.content(), content()) ? List.of()
          : List.of("content differs from " + policy.document().file());
    }

    @Override
    public void apply(Policy live) {
      org.updatePolicy(r -> r.policyId(id(live)).content(content()));
    }
  }

  /** Attached to exactly the named targets: missing ones are attached, others detached. */
  private final class Targets implements Setting<Policy> {
    @Override
    public List<String> differences(Policy live) {
      Map<String, PolicyTargetSummary> actual = targetsOf(id(live));
      List<String> differences = new ArrayList<>();
      targets.forEach((ou, targetId) -> {
        if (!actual.containsKey(targetId)) {
          differences.add("not attached to OU " + ou + " (" + targetId + ")");
        }
      });
      actual.forEach((targetId, target) -> {
        if (!targets.containsValue(targetId)) {
          differences.add("attached to " + target.typeAsString() + " " + target.name() + " (" + targetId
              + "), which the spec does not name");
        }
      });
      return differences;
    }

    @Override
    public void apply(Policy live) {
      Map<String, PolicyTargetSummary> actual = targetsOf(id(live));
      for (String targetId : targets.values()) {
        if (!actual.containsKey(targetId)) {
          attach(id(live), targetId);
        }
      }
      actual.keySet().stream().filter(targetId -> !targets.containsValue(targetId))
          .forEach(targetId -> detach(id(live), targetId));
    }
  }

  private void attach(String policyId, String targetId) {
    try {
      org.attachPolicy(r -> r.policyId(policyId).targetId(targetId));
    } catch (OrganizationsException e) {
      if (!AwsErrors.hasCode(e, "DuplicatePolicyAttachmentException")) {
        throw e;
      }
    }
  }

  private void detach(String policyId, String targetId) {
    try {
      org.detachPolicy(r -> r.policyId(policyId).targetId(targetId));
    } catch (OrganizationsException e) {
      if (!AwsErrors.hasCode(e, "PolicyNotAttachedException", "TargetNotFoundException")) {
        throw e;
      }
    }
  }

  /** Target id to target, for every root, OU and account the policy is attached to. */
  private Map<String, PolicyTargetSummary> targetsOf(String policyId) {
    Map<String, PolicyTargetSummary> result = new LinkedHashMap<>();
    org.listTargetsForPolicyPaginator(r -> r.policyId(policyId)).stream().flatMap(p -> p.targets().stream())
        .forEach(t -> result.put(t.targetId(), t));
    return result;
  }
}
