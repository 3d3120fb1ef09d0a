package io.provisioner.steps.org.scp;

import io.provisioner.steps.Outputs;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.org.organization.OrganizationStep;
import io.provisioner.steps.org.scp.ScpSpec.Policy;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.organizations.model.PolicyTypeStatus;
import software.amazon.awssdk.services.organizations.model.Root;
import software.amazon.awssdk.services.organizations.model.Tag;
import software.amazon.awssdk.services.organizations.model.PolicyTargetSummary;

/**
 * The service control policies of seed 004: region deny, protection of the security services and
 * S3 encryption, each attached to the OUs its spec names (OU ids from {@code org.organization}'s
 * outputs {@code ou.<Name>} and {@code rootId}).
 *
 * <p>Create makes sure the SCP policy type is enabled on the root, finds each policy by its name
 * {@code <project>-<env>-<name>} or creates it (tagged), updates content or description that
 * drifted (content compared as JSON, not as text), attaches it to the named OUs and detaches it
 * from any other target. Checkpoints (outputs): {@code policy.<name>} = policy id.
 *
 * <p>Rollback detaches each policy from every target and deletes it; "not found" is done. The SCP
 * policy type stays enabled on the root: other policies may rely on it, and it allows everything
 * while only the AWS-managed {@code FullAWSAccess} is attached.
 */
public final class ScpStep implements Step {
  public static final String ID = "org.scp";

  private static final Logger LOG = LoggerFactory.getLogger(ScpStep.class);
  private static final PolicyType SCP = PolicyType.SERVICE_CONTROL_POLICY;

  private final ScpSpec spec;

  public ScpStep(ScpSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of(OrganizationStep.ID);
  }

  @Override
  public ScpSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("organizations",
        ctx -> client(ctx).listPolicies(r -> r.filter(SCP).maxResults(1))));
  }

  static String policyKey(String name) {
    return "policy." + name;
  }

  /** The policy's name in Organizations. */
  static String fullName(StepContext ctx, Policy policy) {
    return ctx.project() + "-" + ctx.env() + "-" + policy.name();
  }

  @Override
  public void create(StepContext ctx) {
    OrganizationsClient org = client(ctx);
    Outputs organization = ctx.outputsOf(OrganizationStep.ID);
    String rootId = organization.require("rootId");
    ensurePolicyTypeEnabled(org, rootId);
    ScpRenderer renderer = renderer(ctx);
    Map<String, PolicySummary> byName = policiesByName(org);
    for (Policy policy : spec.policies()) {
      String content = renderer.render(policy.document());
      String name = fullName(ctx, policy);
      String id = Optional.ofNullable(byName.get(name))
          .map(found -> updateIfChanged(org, policy, found, content))
          .orElseGet(() -> createPolicy(ctx, org, policy, name, content));
      if (!ctx.checkpoints().get(policyKey(policy.name())).filter(id::equals).isPresent()) {
        ctx.checkpoints().put(policyKey(policy.name()), id);
      }
      attachExactly(ctx, org, policy, id, targetIds(organization, policy));
    }
  }

  @Override
  public Verification verify(StepContext ctx) {
    OrganizationsClient org = client(ctx);
    Outputs organization = ctx.outputsOf(OrganizationStep.ID);
    List<String> differences = new ArrayList<>();
    String rootId = organization.require("rootId");
    if (!policyTypeEnabled(org, rootId)) {
      differences.add("the SERVICE_CONTROL_POLICY type is not enabled on root " + rootId);
    }
    ScpRenderer renderer = renderer(ctx);
    Map<String, PolicySummary> byName = policiesByName(org);
    int found = 0;
    for (Policy policy : spec.policies()) {
      String name = fullName(ctx, policy);
      PolicySummary summary = byName.get(name);
      if (summary == null) {
        differences.add("policy " + name + " is missing");
        continue;
      }
      found++;
      var described = org.describePolicy(r -> r.policyId(summary.id())).policy();
      if (!ScpRenderer.sameDocument(described.content(), renderer.render(policy.document()))) {
        differences.add("policy " + name + " content differs from " + policy.document().file());
      }
      if (!policy.description().equals(Objects.toString(described.policySummary().description(), ""))) {
        differences.add("policy " + name + " description is \"" + described.policySummary().description()
            + "\", expected \"" + policy.description() + "\"");
      }
      Map<String, String> wanted = targetIds(organization, policy);
      Map<String, PolicyTargetSummary> actual = targetsOf(org, summary.id());
      wanted.forEach((ou, targetId) -> {
        if (!actual.containsKey(targetId)) {
          differences.add("policy " + name + " is not attached to OU " + ou + " (" + targetId + ")");
        }
      });
      actual.forEach((targetId, target) -> {
        if (!wanted.containsValue(targetId)) {
          differences.add("policy " + name + " is attached to " + target.typeAsString() + " " + target.name()
              + " (" + targetId + "), which the spec does not name");
        }
      });
    }
    if (found == 0 && !spec.policies().isEmpty()) {
      return Verification.missing("none of the service control policies exists");
    }
    return Verification.of(differences);
  }

  @Override
  public void rollback(StepContext ctx) {
    OrganizationsClient org = client(ctx);
    Map<String, PolicySummary> byName = null;
    List<Policy> policies = new ArrayList<>(spec.policies());
    Collections.reverse(policies);
    for (Policy policy : policies) {
      Optional<String> id = ctx.checkpoints().get(policyKey(policy.name()));
      if (id.isEmpty()) {
        byName = byName == null ? policiesByName(org) : byName;
        id = Optional.ofNullable(byName.get(fullName(ctx, policy))).map(PolicySummary::id);
      }
      id.ifPresent(policyId -> delete(org, fullName(ctx, policy), policyId));
      ctx.checkpoints().remove(policyKey(policy.name()));
    }
  }

  // ---- helpers

  private void ensurePolicyTypeEnabled(OrganizationsClient org, String rootId) {
    if (policyTypeEnabled(org, rootId)) {
      return;
    }
    try {
      org.enablePolicyType(r -> r.rootId(rootId).policyType(SCP));
      LOG.info("enabled the SERVICE_CONTROL_POLICY type [root={}]", rootId);
    } catch (OrganizationsException e) {
      if (!AwsErrors.hasCode(e, "PolicyTypeAlreadyEnabledException")) {
        throw new StepException("enabling service control policies on root " + rootId + ": "
            + e.awsErrorDetails().errorMessage(), e);
      }
    }
  }

  private static boolean policyTypeEnabled(OrganizationsClient org, String rootId) {
    Root root = org.listRootsPaginator().stream().flatMap(p -> p.roots().stream())
        .filter(r -> r.id().equals(rootId)).findFirst()
        .orElseThrow(() -> new StepException("root " + rootId + " recorded by " + OrganizationStep.ID
            + " does not exist; run up so " + OrganizationStep.ID + " converges"));
    return root.policyTypes().stream()
        .anyMatch(t -> t.type() == SCP && t.status() == PolicyTypeStatus.ENABLED);
  }

  private static Map<String, PolicySummary> policiesByName(OrganizationsClient org) {
    Map<String, PolicySummary> result = new HashMap<>();
    org.listPoliciesPaginator(r -> r.filter(SCP)).stream().flatMap(p -> p.policies().stream())
        .forEach(p -> result.putIfAbsent(p.name(), p));
    return result;
  }

  private String createPolicy(StepContext ctx, OrganizationsClient org, Policy policy, String name, String content) {
    try {
      String id = org.createPolicy(r -> r.name(name).description(policy.description()).type(SCP).content(content)
          .tags(ctx.tags().forKey(policyKey(policy.name())).entrySet().stream()
              .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()))
          .policy().policySummary().id();
      LOG.info("created service control policy [name={}, id={}]", name, id);
      return id;
    } catch (OrganizationsException e) {
      if (AwsErrors.hasCode(e, "DuplicatePolicyException")) {
        PolicySummary existing = policiesByName(org).get(name);
        if (existing != null) {
          return updateIfChanged(org, policy, existing, content);
        }
      }
      throw new StepException("creating service control policy " + name + " from " + policy.document().file()
          + ": " + e.awsErrorDetails().errorMessage(), e);
    }
  }

  private static String updateIfChanged(OrganizationsClient org, Policy policy, PolicySummary found, String content) {
    var current = org.describePolicy(r -> r.policyId(found.id())).policy();
    boolean contentChanged = !ScpRenderer.sameDocument(current.content(), content);
    boolean descriptionChanged =
        !policy.description().equals(Objects.toString(current.policySummary().description(), ""));
    if (contentChanged || descriptionChanged) {
      try {
        org.updatePolicy(r -> {
          r.policyId(found.id());
          if (contentChanged) {
            r.content(content);
          }
          if (descriptionChanged) {
            r.description(policy.description());
          }
        });
      } catch (OrganizationsException e) {
        throw new StepException("updating service control policy " + found.name() + " from "
            + policy.document().file() + ": " + e.awsErrorDetails().errorMessage(), e);
      }
      LOG.info("updated service control policy [name={}, content={}, description={}]", found.name(),
          contentChanged, descriptionChanged);
    }
    return found.id();
  }

  private void attachExactly(StepContext ctx, OrganizationsClient org, Policy policy, String policyId,
      Map<String, String> wanted) {
    Map<String, PolicyTargetSummary> actual = targetsOf(org, policyId);
    wanted.forEach((ou, targetId) -> {
      if (actual.containsKey(targetId)) {
        return;
      }
      try {
        Transient.run(ctx.waits(), "attach policy " + policy.name() + " to " + ou,
            Set.of("PolicyTypeNotEnabledException", "PolicyChangesInProgressException"),
            () -> org.attachPolicy(r -> r.policyId(policyId).targetId(targetId)));
        LOG.info("attached service control policy [policy={}, ou={}]", policy.name(), ou);
      } catch (OrganizationsException e) {
        if (!AwsErrors.hasCode(e, "DuplicatePolicyAttachmentException")) {
          throw new StepException("attaching service control policy " + policy.name() + " to OU " + ou
              + ": " + e.awsErrorDetails().errorMessage(), e);
        }
      }
    });
    actual.forEach((targetId, target) -> {
      if (!wanted.containsValue(targetId)) {
        detach(org, policy.name(), policyId, targetId);
        LOG.info("detached service control policy from a target the spec no longer names [policy={}, target={}]",
            policy.name(), target.name());
      }
    });
  }

  private static void delete(OrganizationsClient org, String name, String policyId) {
    try {
      targetsOf(org, policyId).keySet().forEach(targetId -> detach(org, name, policyId, targetId));
      org.deletePolicy(r -> r.policyId(policyId));
      LOG.info("deleted service control policy [name={}, id={}]", name, policyId);
    } catch (OrganizationsException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw new StepException("deleting service control policy " + name + " (" + policyId + "): "
            + e.awsErrorDetails().errorMessage(), e);
      }
    }
  }

  private static void detach(OrganizationsClient org, String name, String policyId, String targetId) {
    try {
      org.detachPolicy(r -> r.policyId(policyId).targetId(targetId));
    } catch (OrganizationsException e) {
      if (!AwsErrors.isNotFound(e) && !AwsErrors.hasCode(e, "PolicyNotAttachedException")) {
        throw new StepException("detaching service control policy " + name + " from " + targetId + ": "
            + e.awsErrorDetails().errorMessage(), e);
      }
    }
  }

  /** Target id → target, for every root, OU and account the policy is attached to. */
  private static Map<String, PolicyTargetSummary> targetsOf(OrganizationsClient org, String policyId) {
    Map<String, PolicyTargetSummary> result = new LinkedHashMap<>();
    org.listTargetsForPolicyPaginator(r -> r.policyId(policyId)).stream().flatMap(p -> p.targets().stream())
        .forEach(t -> result.put(t.targetId(), t));
    return result;
  }

  /** OU name → id for the policy's targets, from the organization step's outputs. */
  private static Map<String, String> targetIds(Outputs organization, Policy policy) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String ou : policy.targets()) {
      result.put(ou, ScpSpec.ROOT.equals(ou) ? organization.require("rootId") : organization.require("ou." + ou));
    }
    return result;
  }

  private ScpRenderer renderer(StepContext ctx) {
    PartitionMetadata partition = PartitionMetadata.of(Region.of(ctx.target().region()));
    return ScpRenderer.of(spec, partition == null ? "aws" : partition.id(), ctx.project(), ctx.env());
  }

  private static OrganizationsClient client(StepContext ctx) {
    return ctx.clients().get(OrganizationsClient.class);
  }
}
