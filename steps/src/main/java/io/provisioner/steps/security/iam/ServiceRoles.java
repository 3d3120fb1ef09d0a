package io.provisioner.steps.security.iam;

import io.provisioner.steps.support.PolicyJson;
import io.provisioner.steps.StepException;
import io.provisioner.steps.support.PolicyDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** The service roles: trust policy, description, tags, managed attachments and inline policies. */
final class ServiceRoles {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRoles.class);
  static final String CHECKPOINT_PREFIX = "role";

  private final IamContext c;

  ServiceRoles(IamContext c) {
    this.c = c;
  }

  /** One role as the spec wants it, with names and documents rendered for this environment. */
  record Desired(
      String logical,
      String name,
      String trustPolicy,
      String description,
      Set<String> managedPolicyArns,
      Map<String, String> inlinePolicies) {}

  /** One role as IAM has it. */
  record Actual(Role role, List<Tag> tags, Set<String> managedPolicyArns, Map<String, String> inlinePolicies) {}

  static String checkpointKey(String logical) {
    return CHECKPOINT_PREFIX + "." + logical + ".arn";
  }

  static String tagKey(String logical) {
    return "role/" + logical;
  }

  Desired desired(IamSpec.Role spec) {
    Set<String> managed = new TreeSet<>();
    spec.managedPolicyArns().forEach(arn -> managed.add(c.naming().render(arn)));
    Map<String, String> inline = new LinkedHashMap<>();
    for (PolicyDocument policy : spec.inlinePolicies()) {
      inline.put(policy.name(), policy.render(c.naming().placeholders()));
    }
    return new Desired(spec.name(), c.naming().physical(spec.name()),
        TrustPolicy.forServices(spec.trustedServices(), c.naming().account()), spec.description(), managed, inline);
  }

  /** Reads the role and everything attached to it; empty when the role does not exist. */
  Optional<Actual> read(String name) {
    Optional<Role> role = c.find("read role " + name, () -> c.iam().getRole(r -> r.roleName(name)).role());
    if (role.isEmpty()) {
      return Optional.empty();
    }
    List<Tag> tags = c.read("list tags of role " + name,
        () -> c.iam().listRoleTagsPaginator(r -> r.roleName(name)).tags().stream().toList());
    Set<String> managed = new TreeSet<>();
    c.read("list managed policies of role " + name,
        () -> c.iam().listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies().stream()
            .map(AttachedPolicy::policyArn).toList())
        .forEach(managed::add);
    Map<String, String> inline = new LinkedHashMap<>();
    List<String> inlineNames = c.read("list inline policies of role " + name,
        () -> c.iam().listRolePoliciesPaginator(r -> r.roleName(name)).policyNames().stream().toList());
    for (String policyName : inlineNames) {
      c.find("read inline policy " + policyName + " of role " + name,
              () -> c.iam().getRolePolicy(r -> r.roleName(name).policyName(policyName)).policyDocument())
          .ifPresent(document -> inline.put(policyName, document));
    }
    return Optional.of(new Actual(role.get(), tags, managed, inline));
  }

  /** Creates or adopts the role, checkpoints its ARN, then converges everything attached to it. */
  void converge(IamSpec.Role spec) {
    Desired want = desired(spec);
    IamContext.Outcome<Role> outcome = c.findOrCreate("role " + want.name(),
        () -> c.iam().getRole(r -> r.roleName(want.name())).role(),
        () -> c.iam().createRole(r -> r.roleName(want.name()).path(c.naming().path())
            .assumeRolePolicyDocument(want.trustPolicy()).description(want.description())
            .tags(c.tagsFor(tagKey(want.logical())))).role());
    Role role = outcome.resource();
    c.checkpoints().put(checkpointKey(want.logical()), role.arn());
    Actual have;
    if (outcome.created()) {
      LOG.info("created role [role={}, arn={}]", want.name(), role.arn());
      Role asCreated = role.toBuilder().assumeRolePolicyDocument(want.trustPolicy())
          .description(want.description()).build();
      have = new Actual(asCreated, c.tagsFor(tagKey(want.logical())), Set.of(), Map.of());
    } else {
      requireSamePath(role);
      have = read(want.name()).orElseThrow(() ->
          new StepException("security.iam: role " + want.name() + " vanished while being converged"));
    }

    if (!PolicyJson.same(have.role().assumeRolePolicyDocument(), want.trustPolicy())) {
      c.change("update trust policy of role " + want.name(),
          () -> c.iam().updateAssumeRolePolicy(r -> r.roleName(want.name()).policyDocument(want.trustPolicy())));
      LOG.info("updated trust policy [role={}]", want.name());
    }
    if (!Objects.equals(have.role().description(), want.description())) {
      c.change("update description of role " + want.name(),
          () -> c.iam().updateRole(r -> r.roleName(want.name()).description(want.description())));
      LOG.info("updated description [role={}]", want.name());
    }
    List<Tag> tags = c.tagsToApply(tagKey(want.logical()), have.tags());
    if (!tags.isEmpty()) {
      c.change("tag role " + want.name(), () -> c.iam().tagRole(r -> r.roleName(want.name()).tags(tags)));
      LOG.info("tagged role [role={}, tags={}]", want.name(), tags.size());
    }
    convergeManaged(want, have);
    convergeInline(want, have);
  }

  private void convergeManaged(Desired want, Actual have) {
    for (String arn : want.managedPolicyArns()) {
      if (!have.managedPolicyArns().contains(arn)) {
        requireManagedPolicy(want, arn);
        c.change("attach " + arn + " to role " + want.name(),
            () -> c.iam().attachRolePolicy(r -> r.roleName(want.name()).policyArn(arn)));
        LOG.info("attached managed policy [role={}, policy={}]", want.name(), arn);
      }
    }
    for (String arn : have.managedPolicyArns()) {
      if (!want.managedPolicyArns().contains(arn)) {
        c.change("detach " + arn + " from role " + want.name(),
            () -> c.iam().detachRolePolicy(r -> r.roleName(want.name()).policyArn(arn)));
        LOG.info("detached managed policy not in the spec [role={}, policy={}]", want.name(), arn);
      }
    }
  }

  /**
   * Attaching a policy that does not exist fails with the same code as attaching to a role not yet
   * visible; checking first keeps a typo in the spec from being retried as eventual consistency.
   */
  private void requireManagedPolicy(Desired want, String arn) {
    if (c.find("read managed policy " + arn, () -> c.iam().getPolicy(r -> r.policyArn(arn))).isEmpty()) {
      throw new StepException("security.iam: managed policy " + arn + " of role " + want.name()
          + " does not exist; fix roles[" + want.logical() + "].managedPolicyArns in the profile");
    }
  }

  private void convergeInline(Desired want, Actual have) {
    for (Map.Entry<String, String> policy : want.inlinePolicies().entrySet()) {
      String current = have.inlinePolicies().get(policy.getKey());
      if (current == null || !PolicyJson.same(current, policy.getValue())) {
        c.change("put inline policy " + policy.getKey() + " on role " + want.name(),
            () -> c.iam().putRolePolicy(r -> r.roleName(want.name()).policyName(policy.getKey())
                .policyDocument(policy.getValue())));
        LOG.info("put inline policy [role={}, policy={}]", want.name(), policy.getKey());
      }
    }
    for (String policyName : have.inlinePolicies().keySet()) {
      if (!want.inlinePolicies().containsKey(policyName)) {
        c.change("delete inline policy " + policyName + " of role " + want.name(),
            () -> c.iam().deleteRolePolicy(r -> r.roleName(want.name()).policyName(policyName)));
        LOG.info("deleted inline policy not in the spec [role={}, policy={}]", want.name(), policyName);
      }
    }
  }

  /** Every difference between the spec and IAM for one role, in words. */
  List<String> differences(IamSpec.Role spec) {
    Desired want = desired(spec);
    String what = "role " + want.name();
    Optional<Actual> found = read(want.name());
    if (found.isEmpty()) {
      return List.of(what + " is missing");
    }
    Actual have = found.get();
    List<String> differences = new ArrayList<>();
    if (!c.naming().path().equals(have.role().path())) {
      differences.add(what + ": path is " + have.role().path() + ", expected " + c.naming().path());
    }
    if (!PolicyJson.same(have.role().assumeRolePolicyDocument(), want.trustPolicy())) {
      differences.add(what + ": trust policy differs");
    }
    if (!Objects.equals(have.role().description(), want.description())) {
      differences.add(what + ": description differs");
    }
    differences.addAll(c.tagDifferences(what, tagKey(want.logical()), have.tags()));
    for (String arn : want.managedPolicyArns()) {
      if (!have.managedPolicyArns().contains(arn)) {
        differences.add(what + ": managed policy " + arn + " is not attached");
      }
    }
    for (String arn : have.managedPolicyArns()) {
      if (!want.managedPolicyArns().contains(arn)) {
        differences.add(what + ": managed policy " + arn + " is attached but not in the spec");
      }
    }
    for (Map.Entry<String, String> policy : want.inlinePolicies().entrySet()) {
      String current = have.inlinePolicies().get(policy.getKey());
      if (current == null) {
        differences.add(what + ": inline policy " + policy.getKey() + " is missing");
      } else if (!PolicyJson.same(current, policy.getValue())) {
        differences.add(what + ": inline policy " + policy.getKey() + " differs");
      }
    }
    for (String policyName : have.inlinePolicies().keySet()) {
      if (!want.inlinePolicies().containsKey(policyName)) {
        differences.add(what + ": inline policy " + policyName + " is not in the spec");
      }
    }
    return differences;
  }

  boolean exists(String logical) {
    String name = c.naming().physical(logical);
    return c.find("read role " + name, () -> c.iam().getRole(r -> r.roleName(name))).isPresent();
  }

  /** Detaches managed policies, deletes inline policies, then the role; "not found" is done. */
  void delete(String logical) {
    String name = c.naming().physical(logical);
    Optional<Actual> found = read(name);
    if (found.isPresent()) {
      for (String arn : found.get().managedPolicyArns()) {
        c.delete("detach " + arn + " from role " + name, Set.of(),
            () -> c.iam().detachRolePolicy(r -> r.roleName(name).policyArn(arn)));
      }
      for (String policyName : found.get().inlinePolicies().keySet()) {
        c.delete("delete inline policy " + policyName + " of role " + name, Set.of(),
            () -> c.iam().deleteRolePolicy(r -> r.roleName(name).policyName(policyName)));
      }
      if (c.delete("delete role " + name, IamContext.STILL_ATTACHED,
          () -> c.iam().deleteRole(r -> r.roleName(name)))) {
        LOG.info("deleted role [role={}]", name);
      }
    }
    c.checkpoints().remove(checkpointKey(logical));
  }

  private void requireSamePath(Role role) {
    if (!c.naming().path().equals(role.path())) {
      throw new StepException("security.iam: role " + role.roleName() + " exists with path " + role.path()
          + " but spec field 'path' is " + c.naming().path() + "; IAM cannot move a role to another path: "
          + "restore the path in the profile, or delete the role so it is created again");
    }
  }
}
