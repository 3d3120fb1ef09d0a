package io.provisioner.steps.security.iam;

import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The group of humans the MFA-enforcement policy is attached to, recorded as {@code
 * group.<name>.arn}. IAM groups take no tags. Deleting it removes its members (the users stay) and
 * its policies first.
 */
final class MfaGroupResource extends IamEntity<Group> {
  static final String KIND = "group";

  /** The ARN of the policy it must have attached; null for a leftover. */
  private final String policyArn;

  private MfaGroupResource(IamContext c, String logical, String policyArn) {
    super(c, KIND, "group", logical);
    this.policyArn = policyArn;
  }

  static MfaGroupResource of(IamContext c, String logical, String policyArn) {
    return new MfaGroupResource(c, logical, policyArn);
  }

  static MfaGroupResource leftover(IamContext c, String logical) {
    return new MfaGroupResource(c, logical, null);
  }

  @Override
  public Optional<Group> read(String arn) {
    return Optional.of(iam.getGroup(r -> r.groupName(nameOf(arn)).maxItems(1)).group());
  }

  @Override
  public Optional<Group> lookup() {
    return Optional.of(iam.getGroup(r -> r.groupName(name).maxItems(1)).group());
  }

  @Override
  public Group create() {
    return iam.createGroup(r -> r.groupName(name).path(c.naming().path())).group();
  }

  @Override
  public String id(Group group) {
    return group.arn();
  }

  @Override
  public List<Setting<Group>> settings() {
    if (policyArn == null) {
      return List.of();
    }
    return List.of(
        Setting.fixed("path", Group::path, c.naming().path(), "IAM cannot move group " + name + " to another path: "
            + "restore security.iam.path in the profile, or delete the group so it is created again"),
        new Setting<>() {
          @Override
          public List<String> differences(Group group) {
            return attached(group.groupName()).contains(policyArn) ? List.of()
                : List.of("policy " + policyArn + " is not attached");
          }

          @Override
          public void apply(Group group) {
            iam.attachGroupPolicy(r -> r.groupName(name).policyArn(policyArn));
          }
        });
  }

  /** Detaches its managed policies, deletes its inline ones, removes its members (the users stay), then goes. */
  @Override
  public void delete(Group group) {
    String groupName = group.groupName();
    for (String arn : attached(groupName)) {
      unlessGone(() -> iam.detachGroupPolicy(r -> r.groupName(groupName).policyArn(arn)));
    }
    for (String policy : iam.listGroupPoliciesPaginator(r -> r.groupName(groupName)).policyNames()) {
      unlessGone(() -> iam.deleteGroupPolicy(r -> r.groupName(groupName).policyName(policy)));
    }
    for (User user : iam.getGroupPaginator(r -> r.groupName(groupName)).users()) {
      unlessGone(() -> iam.removeUserFromGroup(r -> r.groupName(groupName)
          .userName(user.userName())));
    }
    iam.deleteGroup(r -> r.groupName(groupName));
  }

  private List<String> attached(String groupName) {
    return iam.listAttachedGroupPoliciesPaginator(r -> r.groupName(groupName)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn).toList();
  }
}
