package io.provisioner.steps.security.iam;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.support.PolicyDocument;
import io.provisioner.steps.support.PolicyJson;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

/**
 * The MFA-enforcement customer managed policy (seed 004 require-mfa.json), {@code
 * <project>-<env>-<name>}, recorded as {@code policy.<name>.arn}. A changed document becomes a new
 * default version; IAM keeps at most five, so the oldest non-default one makes room.
 */
final class MfaPolicyResource extends IamEntity<Policy> {
  static final String KIND = "policy";
  /** IAM keeps at most five versions of a managed policy. */
  static final int MAX_POLICY_VERSIONS = 5;

  /** The rendered document; null for a leftover. */
  private final String document;

  private MfaPolicyResource(IamContext c, String logical, String document) {
    super(c, KIND, "policy", logical);
    this.document = document;
  }

  static MfaPolicyResource of(IamContext c, PolicyDocument policy) {
    return new MfaPolicyResource(c, policy.name(), policy.render(c.naming().placeholders()));
  }

  static MfaPolicyResource leftover(IamContext c, String logical) {
    return new MfaPolicyResource(c, logical, null);
  }

  /** Where the spec puts it; what the group attaches when the policy is not there to read. */
  String arn() {
    return c.naming().policyArn(name);
  }

  @Override
  public Optional<Policy> read(String arn) {
    return Optional.of(iam.getPolicy(r -> r.policyArn(arn)).policy());
  }

  @Override
  public Optional<Policy> lookup() {
    return read(arn());
  }

  /** Policy names are unique in the account whatever their path: one under another path is not adopted. */
  @Override
  public Policy create() {
    try {
      return iam.createPolicy(r -> r.policyName(name).path(c.naming().path()).policyDocument(document)
          .description("Denies everything but MFA self-service to users signed in without MFA")
          .tags(c.tagsFor(key()))).policy();
    } catch (EntityAlreadyExistsException e) {
      if (!existsUnderPath()) {
        throw new StepException("a policy named " + name + " exists, but not under security.iam.path ("
            + c.naming().path() + "); restore the path in the profile, or delete that policy", e);
      }
      throw e;
    }
  }

  private boolean existsUnderPath() {
    try {
      lookup();
      return true;
    } catch (NoSuchEntityException e) {
      return false;
    }
  }

  @Override
  public String id(Policy policy) {
    return policy.arn();
  }

  @Override
  public List<Setting<Policy>> settings() {
    if (document == null) {
      return List.of();
    }
    return List.of(
        Setting.fixed("path", Policy::path, c.naming().path(), "IAM cannot move policy " + name + " to another "
            + "path: restore security.iam.path in the profile, or delete the policy so it is created again"),
        new DefaultVersion(),
        c.tagSetting(key(), policy -> iam.listPolicyTagsPaginator(r -> r.policyArn(policy.arn())).tags().stream()
            .toList(), (policy, tags) -> iam.tagPolicy(r -> r.policyArn(policy.arn()).tags(tags))));
  }

  /** Detaches it from every group, user and role, deletes its non-default versions, then it. */
  @Override
  public void delete(Policy policy) {
    String arn = policy.arn();
    for (ListEntitiesForPolicyResponse page : iam.listEntitiesForPolicyPaginator(r -> r.policyArn(arn))) {
      page.policyGroups().forEach(group ->
          unlessGone(() -> iam.detachGroupPolicy(r -> r.groupName(group.groupName()).policyArn(arn))));
      page.policyUsers().forEach(user ->
          unlessGone(() -> iam.detachUserPolicy(r -> r.userName(user.userName()).policyArn(arn))));
      page.policyRoles().forEach(role ->
          unlessGone(() -> iam.detachRolePolicy(r -> r.roleName(role.roleName()).policyArn(arn))));
    }
    versions(arn).stream().filter(v -> !Boolean.TRUE.equals(v.isDefaultVersion())).forEach(v ->
        unlessGone(() -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v.versionId()))));
    iam.deletePolicy(r -> r.policyArn(arn));
  }

  private List<PolicyVersion> versions(String arn) {
    return iam.listPolicyVersionsPaginator(r -> r.policyArn(arn)).versions().stream().toList();
  }

  /** The document of the default version; a new default version when it differs. */
  private final class DefaultVersion implements Setting<Policy> {
    @Override
    public List<String> differences(Policy policy) {
      String actual = iam.getPolicyVersion(r -> r.policyArn(policy.arn()).versionId(policy.defaultVersionId()))
          .policyVersion().document();
      return PolicyJson.same(actual, document) ? List.of() : List.of("document of the default version differs");
    }

    @Override
    public void apply(Policy policy) {
      String arn = policy.arn();
      List<PolicyVersion> versions = versions(arn);
      if (versions.size() >= MAX_POLICY_VERSIONS) {
        PolicyVersion oldest = versions.stream().filter(v -> !Boolean.TRUE.equals(v.isDefaultVersion()))
            .min(Comparator.comparing(PolicyVersion::createDate, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(PolicyVersion::versionId))
            .orElseThrow(() -> new StepException("policy " + arn + " has " + versions.size()
                + " versions and none of them can be deleted"));
        iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(oldest.versionId()));
      }
      iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(document).setAsDefault(true));
    }
  }
}
