package io.provisioner.steps.network.securitygroups;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * One group of the environment, {@code <project>-<env>-<role>} in the VPC of {@code network.vpc}.
 * Group names are unique per VPC, so a group whose CreateSecurityGroup response was lost is found
 * again by name (and its {@code InvalidGroup.Duplicate} adopted); a group made by hand under that
 * name is adopted and tagged. Without the VPC (a rollback after {@code network.vpc} forgot it) it is
 * found by its {@code provisioner:*} tags. Its rules are {@link GroupRulesResource}; its description
 * cannot change after creation and is not compared.
 */
final class GroupResource implements Resource<SecurityGroup> {
  /**
   * EC2 error codes (API reference, "Error codes for the Amazon EC2 API"): a group of a moment ago
   * may not be visible yet; DeleteSecurityGroup answers {@code DependencyViolation} while the
   * network interfaces of endpoints deleted a moment ago, or a rule of another group, still use it.
   */
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("InvalidGroup.NotFound")
      .alreadyExists("InvalidGroup.Duplicate")
      .notYetVisible("InvalidGroup.NotFound", "DependencyViolation");

  private final StepContext ctx;
  private final Ec2Client ec2;
  private final GroupRole role;
  private final Optional<String> vpcId;

  GroupResource(StepContext ctx, Ec2Client ec2, GroupRole role, Optional<String> vpcId) {
    this.ctx = ctx;
    this.ec2 = ec2;
    this.role = role;
    this.vpcId = vpcId;
  }

  @Override
  public String key() {
    return role.key();
  }

  @Override
  public String idKey() {
    return role.checkpoint();
  }

  @Override
  public String description() {
    return "security group " + name() + vpcId.map(id -> " in " + id).orElse("");
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  /** The recorded group, unless it is in another VPC than the current one. */
  @Override
  public Optional<SecurityGroup> read(String groupId) {
    return ec2.describeSecurityGroups(b -> b.groupIds(groupId)).securityGroups().stream()
        .filter(g -> groupId.equals(g.groupId()) && vpcId.map(g.vpcId()::equals).orElse(true))
        .findFirst();
  }

  @Override
  public Optional<SecurityGroup> lookup() {
    if (vpcId.isPresent()) {
      return ec2.describeSecurityGroupsPaginator(b -> b.filters(filter("vpc-id", vpcId.get()),
              filter("group-name", name())))
          .securityGroups().stream().filter(g -> name().equals(g.groupName())).findFirst();
    }
    return ec2.describeSecurityGroupsPaginator(b -> b.filters(filter("tag:" + ResourceTags.ENV, ctx.env()),
            filter("tag:" + ResourceTags.STEP, SecurityGroupsStep.ID)))
        .securityGroups().stream().filter(g -> ctx.tags().matches(tagsOf(g), role.key())).findFirst();
  }

  /** What CreateSecurityGroup made, as it was asked for; the loop reads it back before going on. */
  @Override
  public SecurityGroup create() {
    String vpc = vpcId.orElseThrow(() -> new StepException("cannot create " + description()
        + " without the VPC of network.vpc"));
    String description = role.description(ctx.project(), ctx.env());
    List<Tag> tags = Tags.to(tags(), (k, v) -> Tag.builder().key(k).value(v).build());
    String groupId = ec2.createSecurityGroup(b -> b.groupName(name()).description(description).vpcId(vpc)
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP).tags(tags).build()))
        .groupId();
    return SecurityGroup.builder().groupId(groupId).groupName(name()).description(description).vpcId(vpc).tags(tags)
        .build();
  }

  @Override
  public String id(SecurityGroup group) {
    return group.groupId();
  }

  @Override
  public List<Setting<SecurityGroup>> settings() {
    return List.of(Tags.setting(tags(), GroupResource::tagsOf, (group, missing) -> ec2.createTags(b -> b
        .resources(group.groupId()).tags(Tags.to(missing, (k, v) -> Tag.builder().key(k).value(v).build())))));
  }

  @Override
  public void delete(SecurityGroup group) {
    ec2.deleteSecurityGroup(b -> b.groupId(group.groupId()));
  }

  private String name() {
    return role.groupName(ctx.project(), ctx.env());
  }

  private Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>(ctx.tags().forKey(role.key()));
    tags.put("Name", name());
    return tags;
  }

  static Map<String, String> tagsOf(SecurityGroup group) {
    return Tags.from(group.tags(), Tag::key, Tag::value);
  }

  static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }
}
