package io.provisioner.steps.security.iam;

import io.provisioner.steps.support.PolicyJson;
import io.provisioner.steps.StepException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The MFA-enforcement customer managed policy (seed 004 require-mfa.json) and the group of humans
 * it is attached to. A changed document becomes a new default policy version.
 */
final class MfaEnforcement {
  private static final Logger LOG = LoggerFactory.getLogger(MfaEnforcement.class);
  static final String POLICY_PREFIX = "policy";
  static final String GROUP_PREFIX = "group";
  /** IAM keeps at most five versions of a managed policy. */
  static final int MAX_POLICY_VERSIONS = 5;

  private final IamContext c;

  MfaEnforcement(IamContext c) {
    this.c = c;
  }

  static String policyKey(String logical) {
    return POLICY_PREFIX + "." + logical + ".arn";
  }

  static String groupKey(String logical) {
    return GROUP_PREFIX + "." + logical + ".arn";
  }

  static String tagKey(String logical) {
    return "policy/" + logical;
  }

  private String policyArn(String logical) {
    return c.naming().policyArn(c.naming().physical(logical));
  }

  // ---- the policy

  Optional<Policy> readPolicy(String arn) {
    return c.find("read policy " + arn, () -> c.iam().getPolicy(r -> r.policyArn(arn)).policy());
  }

  private String defaultDocument(Policy policy) {
    return c.read("read default version of policy " + policy.arn(),
        () -> c.iam().getPolicyVersion(r -> r.policyArn(policy.arn()).versionId(policy.defaultVersionId()))
            .policyVersion().document());
  }

  private List<Tag> policyTags(String arn) {
    return c.read("list tags of policy " + arn,
        () -> c.iam().listPolicyTagsPaginator(r -> r.policyArn(arn)).tags().stream().toList());
  }

  private List<PolicyVersion> versions(String arn) {
    return c.read("list versions of policy " + arn,
        () -> c.iam().listPolicyVersionsPaginator(r -> r.policyArn(arn)).versions().stream().toList());
  }

  /** Creates or adopts the policy, checkpoints its ARN, makes the spec's document the default version. */
  String convergePolicy(IamSpec.Mfa spec) {
    String logical = spec.policy().name();
    String name = c.naming().physical(logical);
    String arn = c.naming().policyArn(name);
    String document = spec.policy().render(c.naming().placeholders());
    IamContext.Outcome<Policy> outcome = c.findOrCreate("policy " + name,
        () -> c.iam().getPolicy(r -> r.policyArn(arn)).policy(),
        () -> createPolicy(name, logical, document));
    Policy policy = outcome.resource();
    c.checkpoints().put(policyKey(logical), policy.arn());
    if (outcome.created()) {
      LOG.info("created policy [policy={}, arn={}]", name, policy.arn());
      return policy.arn();
    }
    if (!PolicyJson.same(defaultDocument(policy), document)) {
      publishVersion(policy.arn(), document);
    }
    List<Tag> tags = c.tagsToApply(tagKey(logical), policyTags(policy.arn()));
    if (!tags.isEmpty()) {
      c.change("tag policy " + name, () -> c.iam().tagPolicy(r -> r.policyArn(policy.arn()).tags(tags)));
      LOG.info("tagged policy [policy={}, tags={}]", name, tags.size());
    }
    return policy.arn();
  }

  private Policy createPolicy(String name, String logical, String document) {
    try {
      return c.iam().createPolicy(r -> r.policyName(name).path(c.naming().path()).policyDocument(document)
          .description("Denies everything but MFA self-service to users signed in without MFA")
          .tags(c.tagsFor(tagKey(logical)))).policy();
    } catch (EntityAlreadyExistsException e) {
      if (readPolicy(c.naming().policyArn(name)).isEmpty()) {
        throw new StepException("security.iam: a policy named " + name + " exists, but not under spec field"
            + " 'path' (" + c.naming().path() + "); restore the path in the profile, or delete that policy", e);
      }
      throw e;
    }
  }

  private void publishVersion(String arn, String document) {
    List<PolicyVersion> versions = versions(arn);
    if (versions.size() >= MAX_POLICY_VERSIONS) {
      PolicyVersion oldest = versions.stream()
          .filter(v -> !Boolean.TRUE.equals(v.isDefaultVersion()))
          .min(Comparator.comparing(PolicyVersion::createDate, Comparator.nullsFirst(Comparator.naturalOrder()))
              .thenComparing(PolicyVersion::versionId))
          .orElseThrow(() -> new StepException("security.iam: policy " + arn + " has "
              + versions.size() + " versions and none of them can be deleted"));
      c.change("delete version " + oldest.versionId() + " of policy " + arn,
          () -> c.iam().deletePolicyVersion(r -> r.policyArn(arn).versionId(oldest.versionId())));
      LOG.info("deleted oldest policy version [policy={}, version={}]", arn, oldest.versionId());
    }
    String version = c.change("create a new default version of policy " + arn,
        () -> c.iam().createPolicyVersion(r -> r.policyArn(arn).policyDocument(document).setAsDefault(true)))
        .policyVersion().versionId();
    LOG.info("published policy version [policy={}, version={}]", arn, version);
  }

  // ---- the group

  Optional<Group> readGroup(String name) {
    return c.find("read group " + name, () -> c.iam().getGroup(r -> r.groupName(name)).group());
  }

  private Set<String> attachedToGroup(String name) {
    return Set.copyOf(c.read("list managed policies of group " + name,
        () -> c.iam().listAttachedGroupPoliciesPaginator(r -> r.groupName(name)).attachedPolicies().stream()
            .map(AttachedPolicy::policyArn).toList()));
  }

  /** Creates or adopts the group, checkpoints its ARN, attaches the policy when it is not. */
  void convergeGroup(IamSpec.Mfa spec, String policyArn) {
    String name = c.naming().physical(spec.group());
    IamContext.Outcome<Group> outcome = c.findOrCreate("group " + name,
        () -> c.iam().getGroup(r -> r.groupName(name)).group(),
        () -> c.iam().createGroup(r -> r.groupName(name).path(c.naming().path())).group());
    Group group = outcome.resource();
    c.checkpoints().put(groupKey(spec.group()), group.arn());
    if (outcome.created()) {
      LOG.info("created group [group={}, arn={}]", name, group.arn());
    } else if (!c.naming().path().equals(group.path())) {
      throw new StepException("security.iam: group " + name + " exists with path " + group.path()
          + " but spec field 'path' is " + c.naming().path() + "; restore the path in the profile, or delete"
          + " the group so it is created again");
    }
    if (outcome.created() || !attachedToGroup(name).contains(policyArn)) {
      c.change("attach policy " + policyArn + " to group " + name,
          () -> c.iam().attachGroupPolicy(r -> r.groupName(name).policyArn(policyArn)));
      LOG.info("attached policy to group [group={}, policy={}]", name, policyArn);
    }
  }

  // ---- both

  void converge(IamSpec.Mfa spec) {
    String arn = convergePolicy(spec);
    convergeGroup(spec, arn);
  }

  List<String> differences(IamSpec.Mfa spec) {
    List<String> differences = new ArrayList<>();
    String logical = spec.policy().name();
    String arn = policyArn(logical);
    String what = "policy " + c.naming().physical(logical);
    Optional<Policy> policy = readPolicy(arn);
    if (policy.isEmpty()) {
      differences.add(what + " is missing");
    } else {
      if (!PolicyJson.same(defaultDocument(policy.get()), spec.policy().render(c.naming().placeholders()))) {
        differences.add(what + ": document of the default version differs");
      }
      differences.addAll(c.tagDifferences(what, tagKey(logical), policyTags(arn)));
    }
    String group = c.naming().physical(spec.group());
    if (readGroup(group).isEmpty()) {
      differences.add("group " + group + " is missing");
    } else if (!attachedToGroup(group).contains(arn)) {
      differences.add("group " + group + ": " + logical + " policy not attached");
    }
    return differences;
  }

  boolean policyExists(String logical) {
    return readPolicy(policyArn(logical)).isPresent();
  }

  boolean groupExists(String logical) {
    return readGroup(c.naming().physical(logical)).isPresent();
  }

  /**
   * Detaches the managed policies from the group, removes the group's members (the users stay) and deletes
   * the group; "not found" is done.
   */
  void deleteGroup(String logical) {
    String name = c.naming().physical(logical);
    if (readGroup(name).isPresent()) {
      for (String arn : attachedToGroup(name)) {
        c.delete("detach policy " + arn + " from group " + name, Set.of(),
            () -> c.iam().detachGroupPolicy(r -> r.groupName(name).policyArn(arn)));
      }
      List<User> members = c.read("list members of group " + name,
          () -> c.iam().getGroupPaginator(r -> r.groupName(name)).users().stream().toList());
      for (User user : members) {
        c.delete("remove user " + user.userName() + " from group " + name, Set.of(),
            () -> c.iam().removeUserFromGroup(r -> r.groupName(name).userName(user.userName())));
        LOG.info("removed user from group before deleting it [group={}, user={}]", name, user.userName());
      }
      if (c.delete("delete group " + name, IamContext.STILL_ATTACHED,
          () -> c.iam().deleteGroup(r -> r.groupName(name)))) {
        LOG.info("deleted group [group={}]", name);
      }
    }
    c.checkpoints().remove(groupKey(logical));
  }

  /** Deletes the policy's non-default versions, then the policy; "not found" is done. */
  void deletePolicy(String logical) {
    String arn = c.checkpoints().get(policyKey(logical)).orElse(policyArn(logical));
    if (readPolicy(arn).isPresent()) {
      for (PolicyVersion version : versions(arn)) {
        if (!Boolean.TRUE.equals(version.isDefaultVersion())) {
          c.delete("delete version " + version.versionId() + " of policy " + arn, Set.of(),
              () -> c.iam().deletePolicyVersion(r -> r.policyArn(arn).versionId(version.versionId())));
        }
      }
      if (c.delete("delete policy " + arn, IamContext.STILL_ATTACHED,
          () -> c.iam().deletePolicy(r -> r.policyArn(arn)))) {
        LOG.info("deleted policy [policy={}]", arn);
      }
    }
    c.checkpoints().remove(policyKey(logical));
  }
}
