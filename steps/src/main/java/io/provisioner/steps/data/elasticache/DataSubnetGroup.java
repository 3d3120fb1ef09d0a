package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroup;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.Subnet;

/**
 * The cache subnet group {@code <project>-<env>-redis} over every data subnet of the VPC. An
 * existing group of that name is adopted (and tagged); a different subnet set or description is
 * converged with ModifyCacheSubnetGroup. Rollback deletes it only when its tags mark it as this
 * environment's, retrying while the deleted replication group still holds it.
 *
 * <p>Checkpoint: {@value #NAME}.
 */
final class DataSubnetGroup {
  static final String NAME = "subnetGroup.name";
  /** Right after its replication group is gone, the subnet group may still be reported in use. */
  private static final Set<String> STILL_IN_USE = Set.of("CacheSubnetGroupInUse");
  private static final Logger LOG = LoggerFactory.getLogger(DataSubnetGroup.class);

  private final StepContext ctx;
  private final ElastiCacheClient cache;
  private final CacheTags tags;

  DataSubnetGroup(StepContext ctx, ElastiCacheClient cache) {
    this.ctx = ctx;
    this.cache = cache;
    this.tags = new CacheTags(ctx, cache);
  }

  /** Creates, adopts or converges the group, and records its name. */
  void converge(DesiredGroup desired) {
    String name = desired.subnetGroupName();
    try {
      List<String> changes = new ArrayList<>();
      Optional<CacheSubnetGroup> found = describe(name);
      CacheSubnetGroup group;
      if (found.isEmpty()) {
        group = create(desired);
        changes.add("created");
      } else {
        group = found.get();
        if (!subnetIds(group).equals(new TreeSet<>(desired.subnetIds()))
            || !Objects.equals(desired.subnetGroupDescription(), group.cacheSubnetGroupDescription())) {
          cache.modifyCacheSubnetGroup(b -> b.cacheSubnetGroupName(name)
              .cacheSubnetGroupDescription(desired.subnetGroupDescription()).subnetIds(desired.subnetIds()));
          changes.add("set subnets " + desired.subnetIds());
        }
      }
      remember(name);
      List<String> tagged = tags.converge(group.arn(), tags.of(group.arn()), CacheTags.SUBNET_GROUP_KEY);
      if (!tagged.isEmpty()) {
        changes.add("set tags " + tagged);
      }
      if (!changes.isEmpty()) {
        LOG.info("converged cache subnet group [step={}] [name={}] [changes={}]", ElastiCacheStep.ID, name,
            String.join("; ", changes));
      }
    } catch (SdkException e) {
      throw new StepException("converging cache subnet group " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** What differs from the desired group, in words; a missing group is one difference. */
  List<String> differences(DesiredGroup desired) {
    String name = desired.subnetGroupName();
    try {
      Optional<CacheSubnetGroup> found = describe(name);
      if (found.isEmpty()) {
        return List.of("cache subnet group " + name + " is missing");
      }
      String prefix = "cache subnet group " + name + ": ";
      List<String> differences = new ArrayList<>();
      Set<String> actual = subnetIds(found.get());
      Set<String> expected = new TreeSet<>(desired.subnetIds());
      if (!actual.equals(expected)) {
        differences.add(prefix + "subnets are " + actual + ", expected " + expected);
      }
      if (!Objects.equals(desired.subnetGroupDescription(), found.get().cacheSubnetGroupDescription())) {
        differences.add(prefix + "description is \"" + found.get().cacheSubnetGroupDescription() + "\", expected \""
            + desired.subnetGroupDescription() + "\"");
      }
      differences.addAll(tags.differences(prefix, tags.of(found.get().arn()), CacheTags.SUBNET_GROUP_KEY));
      return differences;
    } catch (SdkException e) {
      throw new StepException("verifying cache subnet group " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** Deletes the group when it is ours; not found is done. */
  void rollback() {
    String name = ctx.checkpoints().get(NAME).orElse(DesiredGroup.subnetGroupName(ctx));
    try {
      Optional<CacheSubnetGroup> found = describe(name);
      if (found.isPresent()) {
        Map<String, String> actual = tags.of(found.get().arn());
        if (tags.isOurs(actual, CacheTags.SUBNET_GROUP_KEY)) {
          delete(name);
        } else {
          LOG.warn("cache subnet group not deleted: its tags do not mark it as this environment's "
              + "[step={}] [name={}]", ElastiCacheStep.ID, name);
        }
      }
      ctx.checkpoints().remove(NAME);
    } catch (SdkException e) {
      throw new StepException("deleting cache subnet group " + name + " failed: " + e.getMessage(), e);
    }
  }

  private void delete(String name) {
    try {
      Transient.run(ctx.waits(), "delete cache subnet group " + name, STILL_IN_USE,
          () -> cache.deleteCacheSubnetGroup(b -> b.cacheSubnetGroupName(name)));
      LOG.info("deleted cache subnet group [step={}] [name={}]", ElastiCacheStep.ID, name);
    } catch (ElastiCacheException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  private CacheSubnetGroup create(DesiredGroup desired) {
    String name = desired.subnetGroupName();
    try {
      return cache.createCacheSubnetGroup(b -> b.cacheSubnetGroupName(name)
              .cacheSubnetGroupDescription(desired.subnetGroupDescription())
              .subnetIds(desired.subnetIds())
              .tags(CacheTags.sdk(tags.expected(CacheTags.SUBNET_GROUP_KEY))))
          .cacheSubnetGroup();
    } catch (ElastiCacheException e) {
      if (!AwsErrors.isAlreadyExists(e)) {
        throw e;
      }
      return describe(name).orElseThrow(() -> new StepException("cache subnet group " + name
          + " was reported to exist but cannot be read; run 'up' again", e));
    }
  }

  private Optional<CacheSubnetGroup> describe(String name) {
    try {
      return cache.describeCacheSubnetGroups(b -> b.cacheSubnetGroupName(name)).cacheSubnetGroups().stream()
          .findFirst();
    } catch (ElastiCacheException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void remember(String name) {
    if (!ctx.checkpoints().get(NAME).filter(name::equals).isPresent()) {
      ctx.checkpoints().put(NAME, name);
    }
  }

  private static Set<String> subnetIds(CacheSubnetGroup group) {
    Set<String> ids = new TreeSet<>();
    group.subnets().stream().map(Subnet::subnetIdentifier).forEach(ids::add);
    return ids;
  }
}
