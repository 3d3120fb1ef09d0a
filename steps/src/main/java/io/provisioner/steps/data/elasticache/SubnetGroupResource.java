package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.aws.Transient;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroup;
import software.amazon.awssdk.services.elasticache.model.Subnet;
import software.amazon.awssdk.services.elasticache.model.Tag;

/**
 * The cache subnet group {@code <project>-<env>-redis} over every data subnet of the VPC. It holds
 * no data, so an existing group of that name is adopted and tagged; its subnets and description
 * are converged with ModifyCacheSubnetGroup. Rollback deletes it only when its tags mark it as this
 * environment's, retrying while the replication group deleted a moment ago still holds it.
 */
final class SubnetGroupResource implements Resource<SubnetGroupResource.Live> {
  static final String KEY = "subnetGroup";
  static final String NAME = "subnetGroup.name";
  private static final ErrorCodes ERRORS =
      ErrorCodes.notFound("CacheSubnetGroupNotFoundFault").alreadyExists("CacheSubnetGroupAlreadyExists");
  /** Right after its replication group is gone, the subnet group may still be reported in use. */
  private static final Set<String> STILL_IN_USE = Set.of("CacheSubnetGroupInUse");
  private static final Logger LOG = LoggerFactory.getLogger(SubnetGroupResource.class);

  /** The group as read, with its tags. */
  record Live(CacheSubnetGroup group, Map<String, String> tags) {
    Set<String> subnetIds() {
      Set<String> ids = new TreeSet<>();
      group.subnets().stream().map(Subnet::subnetIdentifier).forEach(ids::add);
      return ids;
    }
  }

  private final StepContext ctx;
  private final ElastiCacheClient cache;
  private final String name;
  private final String text;
  private final Supplier<List<String>> subnetIds;

  /** @param subnetIds the data subnets, read from {@code network.vpc} only when needed */
  SubnetGroupResource(StepContext ctx, ElastiCacheClient cache, Supplier<List<String>> subnetIds) {
    this.ctx = ctx;
    this.cache = cache;
    this.name = DesiredGroup.subnetGroupName(ctx);
    this.text = DesiredGroup.subnetGroupDescription(ctx);
    this.subnetIds = subnetIds;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String idKey() {
    return NAME;
  }

  @Override
  public String description() {
    return "cache subnet group " + name;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<Live> read(String groupName) {
    return cache.describeCacheSubnetGroups(b -> b.cacheSubnetGroupName(groupName)).cacheSubnetGroups().stream()
        .findFirst().map(group -> new Live(group, Tags.from(cache.listTagsForResource(b -> b
            .resourceName(group.arn())).tagList(), Tag::key, Tag::value)));
  }

  @Override
  public Optional<Live> lookup() {
    return read(name);
  }

  @Override
  public Live create() {
    Map<String, String> tags = ctx.tags().forKey(KEY);
    return new Live(cache.createCacheSubnetGroup(b -> b.cacheSubnetGroupName(name).cacheSubnetGroupDescription(text)
        .subnetIds(subnetIds.get()).tags(Tags.to(tags, (k, v) -> Tag.builder().key(k).value(v).build())))
        .cacheSubnetGroup(), tags);
  }

  @Override
  public String id(Live live) {
    return live.group().cacheSubnetGroupName();
  }

  @Override
  public List<Setting<Live>> settings() {
    return List.of(
        Setting.of("subnets", Live::subnetIds, new TreeSet<>(subnetIds.get()),
            (live, ids) -> cache.modifyCacheSubnetGroup(b -> b.cacheSubnetGroupName(name).subnetIds(ids))),
        Setting.of("description", live -> live.group().cacheSubnetGroupDescription(), text,
            (live, value) -> cache.modifyCacheSubnetGroup(b -> b.cacheSubnetGroupName(name)
                .cacheSubnetGroupDescription(value))),
        Tags.setting(ctx.tags().forKey(KEY), Live::tags, (live, tags) -> cache.addTagsToResource(b -> b
            .resourceName(live.group().arn()).tags(Tags.to(tags, (k, v) -> Tag.builder().key(k).value(v).build())))));
  }

  /** Deletes it when its tags mark it as ours (an adopted group is, once converged); any other is left. */
  @Override
  public void delete(Live live) {
    if (!ctx.tags().matches(live.tags(), KEY)) {
      LOG.warn("cache subnet group not deleted: its tags do not mark it as this environment's [step={}] [name={}]",
          ElastiCacheStep.ID, name);
      return;
    }
    Transient.run(ctx.waits(), "delete " + description(), STILL_IN_USE,
        () -> cache.deleteCacheSubnetGroup(b -> b.cacheSubnetGroupName(live.group().cacheSubnetGroupName())));
  }
}
