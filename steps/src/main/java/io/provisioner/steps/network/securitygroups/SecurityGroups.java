package io.provisioner.steps.network.securitygroups;

import io.provisioner.steps.Outputs;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.network.securitygroups.RuleDiff.Existing;
import io.provisioner.steps.network.securitygroups.RulePlan.DesiredRule;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The EC2 work behind {@link SecurityGroupsStep}: one instance per call of create, verify or
 * rollback.
 *
 * <p>Groups are found by their recorded id, then by name in the VPC (names are unique per VPC, so
 * a lost CreateSecurityGroup response is found again by its {@code InvalidGroup.Duplicate}). Rules
 * are compared by {@link Rule} identity with DescribeSecurityGroupRules: missing ones are
 * authorized, each as its own rule resource tagged with its logical key, extra ones are revoked by
 * rule id, so each group converges to exactly its {@link RulePlan}.
 */
final class SecurityGroups {
  static final String VPC_STEP = "network.vpc";

  private static final Logger LOG = LoggerFactory.getLogger(SecurityGroups.class);
  private static final String DEFAULT_GROUP = "default";
  /** A group created a moment ago may not be visible to the next call yet. */
  private static final Set<String> NOT_YET_VISIBLE = Set.of("InvalidGroup.NotFound");
  /** A group still used by a network interface (e.g. of an endpoint being deleted). */
  private static final String IN_USE = "DependencyViolation";

  private final StepContext ctx;
  private final SecurityGroupsSpec spec;
  private final Ec2Client ec2;

  SecurityGroups(StepContext ctx, SecurityGroupsSpec spec) {
    this.ctx = ctx;
    this.spec = spec;
    this.ec2 = ctx.clients().get(Ec2Client.class);
  }

  // ---------------------------------------------------------------- create

  void converge() {
    Outputs vpc = ctx.outputsOf(VPC_STEP);
    String vpcId = vpc.require("vpcId");
    String vpcCidr = vpc.require("vpcCidr");
    List<String> changes = new ArrayList<>();
    Map<GroupRole, String> ids = new EnumMap<>(GroupRole.class);
    for (GroupRole role : GroupRole.values()) {
      ids.put(role, ensureGroup(role, vpcId, changes));
    }
    RulePlan plan = RulePlan.of(spec, vpcCidr, ids);
    UnaryOperator<String> labels = labels(ids);
    for (GroupRole role : GroupRole.values()) {
      convergeRules(role, ids.get(role), plan, labels, changes);
    }
    stripDefaultGroup(vpcId, changes);
    if (changes.isEmpty()) {
      LOG.debug("security groups in sync [step={}] [vpcId={}]", SecurityGroupsStep.ID, vpcId);
    } else {
      LOG.info("converged security groups [step={}] [vpcId={}] [changes={}]",
          SecurityGroupsStep.ID, vpcId, String.join("; ", changes));
    }
  }

  private String ensureGroup(GroupRole role, String vpcId, List<String> changes) {
    String name = name(role);
    Optional<SecurityGroup> found = find(role, vpcId);
    if (found.isPresent()) {
      ctx.checkpoints().put(role.output(), found.get().groupId());
      convergeTags(role, found.get(), changes);
      return found.get().groupId();
    }
    String created = call("create security group " + name + " in " + vpcId, Set.of(), () -> {
      try {
        return ec2.createSecurityGroup(b -> b
                .groupName(name)
                .description(role.description(ctx.project(), ctx.env()))
                .vpcId(vpcId)
                .tagSpecifications(tagSpecification(ResourceType.SECURITY_GROUP, groupTags(role))))
            .groupId();
      } catch (Ec2Exception e) {
        if (AwsErrors.hasCode(e, "InvalidGroup.Duplicate")) {
          return null;
        }
        throw e;
      }
    });
    if (created != null) {
      ctx.checkpoints().put(role.output(), created);
      changes.add("created group " + name + " (" + created + ")");
      return created;
    }
    // created by an earlier call whose response was lost: adopt it
    SecurityGroup existing = byName(name, vpcId).orElseThrow(() -> new StepException("security group " + name
        + " in " + vpcId + " was reported to exist but cannot be found; run 'up' again"));
    ctx.checkpoints().put(role.output(), existing.groupId());
    changes.add("adopted group " + name + " (" + existing.groupId() + ")");
    convergeTags(role, existing, changes);
    return existing.groupId();
  }

  private void convergeTags(GroupRole role, SecurityGroup group, List<String> changes) {
    Map<String, String> missing = tagDifferences(role, group);
    if (missing.isEmpty()) {
      return;
    }
    call("tag security group " + group.groupId(), NOT_YET_VISIBLE,
        () -> ec2.createTags(b -> b.resources(group.groupId()).tags(ec2Tags(missing))));
    changes.add("tagged group " + role.key() + " with " + missing.keySet());
  }

  private void convergeRules(
      GroupRole role, String groupId, RulePlan plan, UnaryOperator<String> labels, List<String> changes) {
    RuleDiff diff = RuleDiff.compare(plan.identitiesOf(role), rulesOf(groupId));
    for (Rule rule : diff.missing()) {
      DesiredRule desired = plan.rulesOf(role).stream().filter(d -> d.rule().equals(rule)).findFirst().orElseThrow();
      authorize(groupId, desired, labels);
      changes.add("group " + role.key() + ": authorized " + rule.describe(labels));
    }
    revoke(groupId, diff.extra());
    diff.extra().forEach(e -> changes.add("group " + role.key() + ": revoked " + e.rule().describe(labels)));
  }

  private void authorize(String groupId, DesiredRule desired, UnaryOperator<String> labels) {
    Rule rule = desired.rule();
    TagSpecification tags = tagSpecification(ResourceType.SECURITY_GROUP_RULE, ctx.tags().forKey(desired.key()));
    call("authorize " + rule.describe(labels) + " on security group " + groupId, NOT_YET_VISIBLE, () -> {
      try {
        if (rule.egress()) {
          ec2.authorizeSecurityGroupEgress(b -> b.groupId(groupId)
              .ipPermissions(rule.toPermission(desired.description())).tagSpecifications(tags));
        } else {
          ec2.authorizeSecurityGroupIngress(b -> b.groupId(groupId)
              .ipPermissions(rule.toPermission(desired.description())).tagSpecifications(tags));
        }
      } catch (Ec2Exception e) {
        if (!AwsErrors.hasCode(e, "InvalidPermission.Duplicate")) {
          throw e;
        }
      }
      return null;
    });
  }

  /** Revokes rules by id, ingress and egress apart; rules already gone are done. */
  private void revoke(String groupId, List<Existing> rules) {
    List<String> ingress = rules.stream().filter(r -> !r.rule().egress()).map(Existing::ruleId).toList();
    List<String> egress = rules.stream().filter(r -> r.rule().egress()).map(Existing::ruleId).toList();
    if (!ingress.isEmpty()) {
      call("revoke ingress rules " + ingress + " of security group " + groupId, Set.of(), () -> ignoreGone(
          () -> ec2.revokeSecurityGroupIngress(b -> b.groupId(groupId).securityGroupRuleIds(ingress))));
    }
    if (!egress.isEmpty()) {
      call("revoke egress rules " + egress + " of security group " + groupId, Set.of(), () -> ignoreGone(
          () -> ec2.revokeSecurityGroupEgress(b -> b.groupId(groupId).securityGroupRuleIds(egress))));
    }
  }

  /** The VPC's default group gets no rules at all: nothing can use it by accident. */
  private void stripDefaultGroup(String vpcId, List<String> changes) {
    Optional<SecurityGroup> group = byName(DEFAULT_GROUP, vpcId);
    if (group.isEmpty()) {
      return;
    }
    List<Existing> rules = rulesOf(group.get().groupId());
    revoke(group.get().groupId(), rules);
    rules.forEach(r -> changes.add("default group: revoked " + r.rule().describe(id -> id)));
  }

  // ---------------------------------------------------------------- verify

  Verification verify() {
    Outputs vpc = ctx.outputsOf(VPC_STEP);
    if (vpc.get("vpcId").isEmpty()) {
      return Verification.missing("no VPC yet: " + VPC_STEP + " has not recorded vpcId");
    }
    String vpcId = vpc.require("vpcId");
    String vpcCidr = vpc.require("vpcCidr");
    Map<GroupRole, SecurityGroup> found = new EnumMap<>(GroupRole.class);
    for (GroupRole role : GroupRole.values()) {
      find(role, vpcId).ifPresent(g -> found.put(role, g));
    }
    if (found.isEmpty()) {
      return Verification.missing("no security group of " + ctx.env() + " exists in " + vpcId);
    }
    List<String> differences = new ArrayList<>();
    Map<GroupRole, String> ids = new EnumMap<>(GroupRole.class);
    for (GroupRole role : GroupRole.values()) {
      if (found.containsKey(role)) {
        ids.put(role, found.get(role).groupId());
      } else {
        ids.put(role, "missing:" + role.key());
        differences.add("group " + role.key() + " (" + name(role) + ") is missing");
      }
    }
    RulePlan plan = RulePlan.of(spec, vpcCidr, ids);
    UnaryOperator<String> labels = labels(ids);
    for (Map.Entry<GroupRole, SecurityGroup> entry : found.entrySet()) {
      GroupRole role = entry.getKey();
      SecurityGroup group = entry.getValue();
      String prefix = "group " + role.key() + ": ";
      RuleDiff diff = RuleDiff.compare(plan.identitiesOf(role), rulesOf(group.groupId()));
      diff.missing().forEach(r -> differences.add(prefix + r.describe(labels) + " missing"));
      diff.extra().forEach(e -> differences.add(
          prefix + "unexpected " + e.rule().describe(labels) + " (" + e.ruleId() + ")"));
      Map<String, String> actualTags = tagsOf(group);
      tagDifferences(role, group).forEach((key, value) -> differences.add(prefix + (actualTags.containsKey(key)
          ? "tag " + key + " is \"" + actualTags.get(key) + "\", expected \"" + value + "\""
          : "tag " + key + " is missing, expected \"" + value + "\"")));
    }
    byName(DEFAULT_GROUP, vpcId).ifPresent(group -> {
      List<Existing> rules = rulesOf(group.groupId());
      if (!rules.isEmpty()) {
        differences.add("default security group " + group.groupId() + " has rules: "
            + String.join(", ", rules.stream().map(r -> r.rule().describe(labels)).toList()));
      }
    });
    return Verification.of(differences);
  }

  // ---------------------------------------------------------------- rollback

  /**
   * Revokes the rules that reference other groups first (a group referenced by another cannot be
   * deleted), then deletes the groups in reverse order. A group still attached to a network
   * interface is retried for {@code waits.eventualConsistency}, then reported. The default
   * group stays stripped: it goes away with the VPC.
   */
  void rollback() {
    Optional<String> vpcId = ctx.outputsOf(VPC_STEP).get("vpcId");
    Map<String, String> ours = ours(vpcId);
    for (String groupId : ours.keySet()) {
      revoke(groupId, rulesOf(groupId).stream().filter(e -> e.rule().referencesGroup()).toList());
    }
    List<Map.Entry<String, String>> order = new ArrayList<>(ours.entrySet());
    order.sort((a, b) -> Integer.compare(rank(b.getValue()), rank(a.getValue())));
    for (Map.Entry<String, String> group : order) {
      delete(group.getKey(), group.getValue());
    }
    for (GroupRole role : GroupRole.values()) {
      ctx.checkpoints().remove(role.output());
    }
  }

  /** Our groups, id → logical key: the recorded ids and whatever carries our tags. */
  private Map<String, String> ours(Optional<String> vpcId) {
    Map<String, String> ours = new LinkedHashMap<>();
    for (GroupRole role : GroupRole.values()) {
      ctx.checkpoints().get(role.output()).ifPresent(id -> ours.put(id, role.key()));
    }
    List<Filter> filters = new ArrayList<>();
    filters.add(filter("tag:" + ResourceTags.ENV, ctx.env()));
    filters.add(filter("tag:" + ResourceTags.STEP, SecurityGroupsStep.ID));
    vpcId.ifPresent(id -> filters.add(filter("vpc-id", id)));
    for (SecurityGroup group : call("find the security groups tagged for " + ctx.env(), Set.of(),
        () -> ec2.describeSecurityGroupsPaginator(b -> b.filters(filters)).securityGroups().stream().toList())) {
      ours.putIfAbsent(group.groupId(), tagsOf(group).getOrDefault(ResourceTags.KEY, ""));
    }
    return ours;
  }

  private static int rank(String key) {
    for (GroupRole role : GroupRole.values()) {
      if (role.key().equals(key)) {
        return role.ordinal();
      }
    }
    return -1;
  }

  private void delete(String groupId, String key) {
    String what = "delete security group " + key + " (" + groupId + ")";
    try {
      Transient.retry(ctx.waits(), what, Set.of(IN_USE), () -> {
        try {
          ec2.deleteSecurityGroup(b -> b.groupId(groupId));
          LOG.info("deleted security group [step={}] [key={}] [groupId={}]", SecurityGroupsStep.ID, key, groupId);
        } catch (Ec2Exception e) {
          if (!AwsErrors.isNotFound(e)) {
            throw e;
          }
        }
        return null;
      });
    } catch (Ec2Exception e) {
      if (AwsErrors.hasCode(e, IN_USE)) {
        throw new StepException("cannot " + what + ": it is still in use (DependencyViolation) after "
            + ctx.waits().eventualConsistency().toSeconds() + "s, by a network interface or a rule of a group "
            + "outside this step; find them with 'aws ec2 describe-network-interfaces --filters Name=group-id,Values="
            + groupId + "', detach or delete them, then run rollback again", e);
      }
      throw new StepException(what + " failed: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new StepException(what + " failed: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- lookup

  /** The recorded group when it still exists in this VPC, else the group of that name. */
  private Optional<SecurityGroup> find(GroupRole role, String vpcId) {
    Optional<SecurityGroup> recorded = ctx.checkpoints().get(role.output()).flatMap(this::byId);
    if (recorded.isPresent() && vpcId.equals(recorded.get().vpcId())) {
      return recorded;
    }
    return byName(name(role), vpcId);
  }

  private Optional<SecurityGroup> byId(String groupId) {
    return call("describe security group " + groupId, Set.of(), () -> {
      try {
        return ec2.describeSecurityGroups(b -> b.groupIds(groupId)).securityGroups().stream().findFirst();
      } catch (Ec2Exception e) {
        if (AwsErrors.isNotFound(e)) {
          return Optional.empty();
        }
        throw e;
      }
    });
  }

  private Optional<SecurityGroup> byName(String name, String vpcId) {
    return call("find security group " + name + " in " + vpcId, Set.of(), () -> ec2.describeSecurityGroupsPaginator(
            b -> b.filters(filter("vpc-id", vpcId), filter("group-name", name)))
        .securityGroups().stream().filter(g -> name.equals(g.groupName())).findFirst());
  }

  /** The rules of a group; none when the group is gone. */
  private List<Existing> rulesOf(String groupId) {
    return call("describe the rules of security group " + groupId, NOT_YET_VISIBLE, () -> ec2
        .describeSecurityGroupRulesPaginator(b -> b.filters(filter("group-id", groupId)))
        .securityGroupRules().stream()
        .filter(r -> groupId.equals(r.groupId()))
        .map(r -> new Existing(r.securityGroupRuleId(), Rule.of(r)))
        .toList());
  }

  // ---------------------------------------------------------------- helpers

  private String name(GroupRole role) {
    return role.groupName(ctx.project(), ctx.env());
  }

  private Map<String, String> groupTags(GroupRole role) {
    Map<String, String> tags = new LinkedHashMap<>(ctx.tags().forKey(role.key()));
    tags.put("Name", name(role));
    return tags;
  }

  /** The tags a group lacks or has with another value. */
  private Map<String, String> tagDifferences(GroupRole role, SecurityGroup group) {
    Map<String, String> actual = tagsOf(group);
    Map<String, String> missing = new LinkedHashMap<>();
    groupTags(role).forEach((key, value) -> {
      if (!value.equals(actual.get(key))) {
        missing.put(key, value);
      }
    });
    return missing;
  }

  private static Map<String, String> tagsOf(SecurityGroup group) {
    Map<String, String> tags = new LinkedHashMap<>();
    group.tags().forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  /** Labels group ids in messages: {@code ecs (sg-0abc)}, {@code ecs (missing)}. */
  private static UnaryOperator<String> labels(Map<GroupRole, String> ids) {
    Map<String, String> byId = new LinkedHashMap<>();
    ids.forEach((role, id) -> byId.put(id, role.key() + " (" + (id.startsWith("missing:") ? "missing" : id) + ")"));
    return id -> byId.getOrDefault(id, id);
  }

  private static TagSpecification tagSpecification(ResourceType type, Map<String, String> tags) {
    return TagSpecification.builder().resourceType(type).tags(ec2Tags(tags)).build();
  }

  private static List<Tag> ec2Tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  private static Object ignoreGone(Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      if (!AwsErrors.isNotFound(e) && !AwsErrors.hasCode(e, "InvalidPermission.NotFound")) {
        throw e;
      }
    }
    return null;
  }

  /** Runs one EC2 call, retrying throttling and the given codes; anything else becomes a StepException. */
  private <T> T call(String what, Set<String> retryCodes, Supplier<T> call) {
    try {
      return Transient.retry(ctx.waits(), what, retryCodes, call);
    } catch (SdkException e) {
      throw new StepException(what + " failed: " + e.getMessage(), e);
    }
  }
}
