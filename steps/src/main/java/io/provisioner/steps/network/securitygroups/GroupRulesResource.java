package io.provisioner.steps.network.securitygroups;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import io.provisioner.steps.network.securitygroups.RuleDiff.Existing;
import io.provisioner.steps.network.securitygroups.RulePlan.DesiredRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The rules of one security group, compared by {@link Rule} identity in one setting: missing ones
 * are authorized, each as its own rule resource tagged with its logical key, extra ones revoked by
 * rule id, so the group ends with exactly its {@link RulePlan}. The VPC's default group is one too,
 * with no rules at all. The group itself is a {@link GroupResource} (or the VPC's): this resource
 * only reads its rules, is recorded under the group's checkpoint and never creates anything.
 * Deleting it revokes the rules that reference groups, so that the groups can be deleted after it.
 */
final class GroupRulesResource implements Resource<GroupRulesResource.Rules> {
  /**
   * EC2 error codes: revoking a rule that is gone answers {@code InvalidPermission.NotFound} (by
   * permission) or {@code InvalidSecurityGroupRuleId.NotFound} (by rule id); authorizing one that
   * exists {@code InvalidPermission.Duplicate}; a referenced group created a moment ago may not be
   * visible yet.
   */
  private static final ErrorCodes ERRORS =
      ErrorCodes.notFound("InvalidGroup.NotFound", "InvalidPermission.NotFound", "InvalidSecurityGroupRuleId.NotFound")
          .alreadyExists("InvalidPermission.Duplicate")
          .notYetVisible("InvalidGroup.NotFound");

  /** The rules a group has. */
  record Rules(String groupId, List<Existing> rules) {}

  private final StepContext ctx;
  private final Ec2Client ec2;
  private final String key;
  private final String idKey;
  private final String label;
  private final Supplier<Optional<String>> groupId;
  private final List<DesiredRule> desired;
  private final UnaryOperator<String> labels;
  private Optional<String> group;

  private GroupRulesResource(StepContext ctx, Ec2Client ec2, String key, String idKey, String label,
      Supplier<Optional<String>> groupId, List<DesiredRule> desired, UnaryOperator<String> labels) {
    this.ctx = ctx;
    this.ec2 = ec2;
    this.key = key;
    this.idKey = idKey;
    this.label = label;
    this.groupId = groupId;
    this.desired = List.copyOf(desired);
    this.labels = labels;
  }

  /** The rules of the group of {@code role}, as {@code desired}; {@code labels} names group ids in messages. */
  static GroupRulesResource of(StepContext ctx, Ec2Client ec2, GroupRole role, String groupId,
      List<DesiredRule> desired, UnaryOperator<String> labels) {
    return new GroupRulesResource(ctx, ec2, role.key() + ".rules", role.checkpoint(), "security group " + role.key(),
        () -> Optional.of(groupId), desired, labels);
  }

  /** The rules of the VPC's default group: none, so that nothing can use it by accident. */
  static GroupRulesResource ofDefaultGroup(StepContext ctx, Ec2Client ec2, String vpcId, UnaryOperator<String> labels) {
    Supplier<Optional<String>> groupId = () -> ec2.describeSecurityGroupsPaginator(b -> b.filters(
            GroupResource.filter("vpc-id", vpcId), GroupResource.filter("group-name", "default")))
        .securityGroups().stream().filter(g -> "default".equals(g.groupName())).map(SecurityGroup::groupId).findFirst();
    return new GroupRulesResource(ctx, ec2, "default.rules", "sg.default", "the default security group of " + vpcId,
        groupId, List.of(), labels);
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String idKey() {
    return idKey;
  }

  @Override
  public String description() {
    return "rules of " + label;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  /** The rules of the recorded group while it is still the group (a default group of a replaced VPC is not). */
  @Override
  public Optional<Rules> read(String id) {
    return group().filter(id::equals).map(this::rulesOf);
  }

  @Override
  public Optional<Rules> lookup() {
    return group().map(this::rulesOf);
  }

  /** Never reached: the group exists before its rules are declared. */
  @Override
  public Rules create() {
    throw new StepException(description() + ": the group does not exist");
  }

  @Override
  public String id(Rules rules) {
    return rules.groupId();
  }

  @Override
  public List<Setting<Rules>> settings() {
    return List.of(new Setting<>() {
      @Override
      public List<String> differences(Rules live) {
        RuleDiff diff = diff(live);
        List<String> differences = new ArrayList<>();
        diff.missing().forEach(r -> differences.add(r.describe(labels) + " missing"));
        diff.extra().forEach(e -> differences.add("unexpected " + e.rule().describe(labels) + " (" + e.ruleId() + ")"));
        return differences;
      }

      @Override
      public void apply(Rules live) {
        RuleDiff diff = diff(live);
        for (Rule rule : diff.missing()) {
          authorize(live.groupId(), desired.stream().filter(d -> d.rule().equals(rule)).findFirst().orElseThrow());
        }
        revoke(live.groupId(), diff.extra());
      }
    });
  }

  /** Revokes the rules that reference groups: a group referenced by another cannot be deleted. */
  @Override
  public void delete(Rules live) {
    revoke(live.groupId(), live.rules().stream().filter(e -> e.rule().referencesGroup()).toList());
  }

  private Optional<String> group() {
    if (group == null) {
      group = groupId.get();
    }
    return group;
  }

  private Rules rulesOf(String id) {
    return new Rules(id, ec2.describeSecurityGroupRulesPaginator(b -> b.filters(GroupResource.filter("group-id", id)))
        .securityGroupRules().stream()
        .filter(r -> id.equals(r.groupId()))
        .map(r -> new Existing(r.securityGroupRuleId(), Rule.of(r)))
        .toList());
  }

  private RuleDiff diff(Rules live) {
    return RuleDiff.compare(desired.stream().map(DesiredRule::rule).toList(), live.rules());
  }

  /** Authorizes one rule as its own tagged rule resource; a rule that exists already is done. */
  private void authorize(String groupId, DesiredRule rule) {
    IpPermission permission = rule.rule().toPermission(rule.description());
    TagSpecification tags = TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP_RULE)
        .tags(Tags.to(ctx.tags().forKey(rule.key()), (k, v) -> Tag.builder().key(k).value(v).build())).build();
    try {
      if (rule.rule().egress()) {
        ec2.authorizeSecurityGroupEgress(b -> b.groupId(groupId).ipPermissions(permission).tagSpecifications(tags));
      } else {
        ec2.authorizeSecurityGroupIngress(b -> b.groupId(groupId).ipPermissions(permission).tagSpecifications(tags));
      }
    } catch (AwsServiceException e) {
      if (!ERRORS.isAlreadyExists(e)) {
        throw e;
      }
    }
  }

  /** Revokes rules by id, ingress and egress apart; rules already gone are done. */
  private void revoke(String groupId, List<Existing> rules) {
    List<String> ingress = rules.stream().filter(r -> !r.rule().egress()).map(Existing::ruleId).toList();
    List<String> egress = rules.stream().filter(r -> r.rule().egress()).map(Existing::ruleId).toList();
    if (!ingress.isEmpty()) {
      unlessGone(() -> ec2.revokeSecurityGroupIngress(b -> b.groupId(groupId).securityGroupRuleIds(ingress)));
    }
    if (!egress.isEmpty()) {
      unlessGone(() -> ec2.revokeSecurityGroupEgress(b -> b.groupId(groupId).securityGroupRuleIds(egress)));
    }
  }

  private static void unlessGone(Runnable revoke) {
    try {
      revoke.run();
    } catch (AwsServiceException e) {
      if (!ERRORS.isNotFound(e)) {
        throw e;
      }
    }
  }
}
