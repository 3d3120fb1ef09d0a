package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.aws.AwsErrors;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsResponse;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.waiters.ElastiCacheWaiter;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Redis replication group: finds it by its deterministic id, creates it when missing (with the
 * AUTH token read from its secret at that moment), waits until it is available, converges what can
 * change in place, records its ids and endpoints; checks it; deletes it.
 *
 * <p>Lookup is by id (recorded, else derived): a group whose CreateReplicationGroup response was
 * lost is found by it and adopted; one that is not tagged as this environment's is never adopted or
 * deleted. A group still being deleted (an interrupted rollback) is waited for before it is
 * created again.
 */
final class RedisGroup {
  static final String ID = "replicationGroup.id";
  static final String ARN = "replicationGroup.arn";
  static final String PRIMARY_ADDRESS = "primaryEndpoint.address";
  static final String PRIMARY_PORT = "primaryEndpoint.port";
  static final String READER_ADDRESS = "readerEndpoint.address";
  static final String PORT = "port";
  static final List<String> RECORDED = List.of(ID, ARN, PRIMARY_ADDRESS, PRIMARY_PORT, READER_ADDRESS, PORT);

  static final String AVAILABLE = "available";
  static final String DELETING = "deleting";
  static final String CREATE_FAILED = "create-failed";
  /** Statuses a group passes through on its own; verify does not report them. */
  private static final Set<String> SETTLING = Set.of(AVAILABLE, "modifying", "snapshotting");
  private static final DateTimeFormatter SNAPSHOT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final Logger LOG = LoggerFactory.getLogger(RedisGroup.class);

  private final StepContext ctx;
  private final ElastiCacheSpec spec;
  private final Clock clock;
  private final ElastiCacheClient cache;
  private final CacheTags tags;

  RedisGroup(StepContext ctx, ElastiCacheSpec spec, Clock clock, ElastiCacheClient cache) {
    this.ctx = ctx;
    this.spec = spec;
    this.clock = clock;
    this.cache = cache;
    this.tags = new CacheTags(ctx, cache);
  }

  // ---------------------------------------------------------------- create

  /** Adopts or creates the group, waits until it is available, converges it and records its outputs. */
  void converge(DesiredGroup desired) {
    String id = desired.id();
    try {
      Optional<ReplicationGroup> found = describe(id);
      if (found.isPresent() && DELETING.equals(found.get().status())) {
        LOG.info("waiting for the deletion of an earlier group [step={}] [replicationGroupId={}]", ElastiCacheStep.ID, id);
        waitDeleted(id);
        found = Optional.empty();
      }
      boolean created = found.isEmpty();
      ReplicationGroup group = created ? create(desired) : adopt(found.get());
      if (CREATE_FAILED.equals(group.status())) {
        throw new StepException("replication group " + id + " is in status create-failed; run 'rollback --to "
            + ElastiCacheStep.ID + "' to delete it and 'up' again (see the ElastiCache events for the reason)");
      }
      if (!AVAILABLE.equals(group.status())) {
        group = waitAvailable(id);
      }
      GroupDrift drift = GroupDrift.between(desired, group, member(group));
      if (!drift.fixedAtCreation().isEmpty()) {
        throw new StepException("replication group " + id + " cannot be converged in place: "
            + String.join("; ", drift.fixedAtCreation()));
      }
      List<String> changes = new ArrayList<>();
      if (drift.modification().isPresent()) {
        cache.modifyReplicationGroup(drift.modification().get());
        changes.add("modified " + drift.changes());
        group = waitAvailable(id);
      }
      List<String> tagged = tags.converge(group.arn(), tags.of(group.arn()), CacheTags.REPLICATION_GROUP_KEY);
      if (!tagged.isEmpty()) {
        changes.add("set tags " + tagged);
      }
      recordOutputs(group);
      if (created) {
        LOG.info("created replication group [step={}] [replicationGroupId={}] [nodes={}]{}", ElastiCacheStep.ID, id,
            group.memberClusters().size(), changes.isEmpty() ? "" : " [changes=" + String.join("; ", changes) + "]");
      } else if (!changes.isEmpty()) {
        LOG.info("converged replication group [step={}] [replicationGroupId={}] [changes={}]",
            ElastiCacheStep.ID, id, String.join("; ", changes));
      } else {
        LOG.debug("replication group in sync [step={}] [replicationGroupId={}]", ElastiCacheStep.ID, id);
      }
    } catch (SdkException e) {
      throw new StepException("converging replication group " + id + " failed: " + e.getMessage(), e);
    }
  }

  private ReplicationGroup adopt(ReplicationGroup group) {
    if (!tags.isOurs(tags.of(group.arn()), CacheTags.REPLICATION_GROUP_KEY)) {
      throw notOurs(group.replicationGroupId());
    }
    record(group);
    ctx.checkpoints().clearIntent(CacheTags.REPLICATION_GROUP_KEY);
    return group;
  }

  /**
   * Creates the group. The intent is written first: the id is deterministic, so a run after a lost
   * response finds the group by it; the intent says that this run may have made it.
   */
  private ReplicationGroup create(DesiredGroup desired) {
    String id = desired.id();
    AuthToken token = AuthToken.read(ctx.clients().get(SecretsManagerClient.class), CacheInputs.authTokenSecretArn(ctx));
    CreateReplicationGroupRequest request =
        createRequest(desired, token, tags.expected(CacheTags.REPLICATION_GROUP_KEY));
    ctx.checkpoints().putIntent(CacheTags.REPLICATION_GROUP_KEY, "CreateReplicationGroup " + id);
    ReplicationGroup group;
    try {
      group = cache.createReplicationGroup(request).replicationGroup();
    } catch (ElastiCacheException e) {
      if (!AwsErrors.isAlreadyExists(e)) {
        throw token.scrub("creating replication group " + id, e);
      }
      return adopt(describe(id).orElseThrow(() -> new StepException("replication group " + id
          + " was reported to exist but cannot be read; run 'up' again")));
    } catch (SdkException e) {
      throw token.scrub("creating replication group " + id, e);
    }
    record(group);
    ctx.checkpoints().clearIntent(CacheTags.REPLICATION_GROUP_KEY);
    return group;
  }

  /**
   * The CreateReplicationGroup request of a cluster-mode-disabled group: one primary and {@code
   * replicasPerNodeGroup} replicas as NumCacheClusters nodes placed in PreferredCacheClusterAZs
   * (the pair the API documents for one node group). Holds the token: never log or print it.
   */
  static CreateReplicationGroupRequest createRequest(DesiredGroup desired, AuthToken token,
      Map<String, String> tags) {
    ElastiCacheSpec spec = desired.spec();
    return CreateReplicationGroupRequest.builder()
        .replicationGroupId(desired.id())
        .replicationGroupDescription(spec.description())
        .engine("redis")
        .engineVersion(spec.engineVersion())
        .cacheNodeType(spec.nodeType())
        .numCacheClusters(spec.replicasPerNodeGroup() + 1)
        .preferredCacheClusterAZs(spec.availabilityZones())
        .automaticFailoverEnabled(spec.automaticFailover())
        .multiAZEnabled(spec.multiAz())
        .atRestEncryptionEnabled(true)
        .kmsKeyId(desired.kmsKeyArn())
        .transitEncryptionEnabled(true)
        .authToken(token.value())
        .securityGroupIds(desired.securityGroupId())
        .cacheSubnetGroupName(desired.subnetGroupName())
        .cacheParameterGroupName(spec.parameterGroupName())
        .port(spec.port())
        .snapshotRetentionLimit(spec.snapshotRetentionDays())
        .snapshotWindow(spec.snapshotWindow())
        .preferredMaintenanceWindow(spec.maintenanceWindow())
        .tags(CacheTags.sdk(tags))
        .build();
  }

  // ---------------------------------------------------------------- verify

  /** Read-only. The AUTH token's value cannot be read back; only that one is enabled is checked. */
  Verification verify(DesiredGroup desired) {
    String id = desired.id();
    try {
      Optional<ReplicationGroup> found = describe(id);
      if (found.isEmpty()) {
        return Verification.missing("replication group " + id + " is missing");
      }
      ReplicationGroup group = found.get();
      if (DELETING.equals(group.status())) {
        return Verification.missing("replication group " + id + " is being deleted");
      }
      Map<String, String> actualTags = tags.of(group.arn());
      if (!tags.isOurs(actualTags, CacheTags.REPLICATION_GROUP_KEY)) {
        return Verification.missing("replication group " + id + " exists but is not managed by this environment");
      }
      String prefix = "replication group " + id + ": ";
      List<String> differences = new ArrayList<>();
      if (!SETTLING.contains(group.status())) {
        differences.add(prefix + "status is " + group.status() + ", expected available");
      }
      GroupDrift.between(desired, group, member(group)).differences().forEach(d -> differences.add(prefix + d));
      differences.addAll(tags.differences(prefix, actualTags, CacheTags.REPLICATION_GROUP_KEY));
      return Verification.of(differences);
    } catch (SdkException e) {
      throw new StepException("verifying replication group " + id + " failed: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- rollback

  /**
   * Deletes the group when it is ours (a final snapshot {@code <id>-final-<UTC yyyyMMddHHmmss>}
   * first when snapshots are kept), waits until it is gone and forgets its checkpoints.
   */
  void rollback() {
    String id = ctx.checkpoints().get(ID).orElseGet(() -> DesiredGroup.groupId(ctx, spec));
    try {
      Optional<ReplicationGroup> found = describe(id);
      if (found.isPresent()) {
        ReplicationGroup group = found.get();
        if (!tags.isOurs(tags.of(group.arn()), CacheTags.REPLICATION_GROUP_KEY)) {
          LOG.warn("replication group not deleted: its tags do not mark it as this environment's "
              + "[step={}] [replicationGroupId={}]", ElastiCacheStep.ID, id);
        } else {
          if (!DELETING.equals(group.status())) {
            delete(group);
          }
          waitDeleted(id);
        }
      }
      Checkpoints checkpoints = ctx.checkpoints();
      RECORDED.forEach(checkpoints::remove);
      checkpoints.clearIntent(CacheTags.REPLICATION_GROUP_KEY);
    } catch (SdkException e) {
      throw new StepException("deleting replication group " + id + " failed: " + e.getMessage(), e);
    }
  }

  private void delete(ReplicationGroup group) {
    String id = group.replicationGroupId();
    if (!AVAILABLE.equals(group.status()) && !CREATE_FAILED.equals(group.status())) {
      group = waitAvailable(id);
    }
    boolean snapshot = spec.snapshotRetentionDays() > 0 && AVAILABLE.equals(group.status());
    String finalSnapshot = snapshot ? id + "-final-" + SNAPSHOT_TIME.format(clock.instant()) : null;
    try {
      cache.deleteReplicationGroup(b -> b.replicationGroupId(id).finalSnapshotIdentifier(finalSnapshot));
    } catch (ElastiCacheException e) {
      if (AwsErrors.isNotFound(e)) {
        return;
      }
      throw e;
    }
    LOG.info("deleting replication group [step={}] [replicationGroupId={}] [finalSnapshot={}]",
        ElastiCacheStep.ID, id, finalSnapshot == null ? "none" : finalSnapshot);
  }

  // ---------------------------------------------------------------- helpers

  /** The group by id; empty when it does not exist. */
  private Optional<ReplicationGroup> describe(String id) {
    try {
      return cache.describeReplicationGroups(b -> b.replicationGroupId(id)).replicationGroups().stream().findFirst();
    } catch (ElastiCacheException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The member cluster that carries the node-level settings; empty when it cannot be read. */
  private Optional<CacheCluster> member(ReplicationGroup group) {
    Optional<String> clusterId = GroupDrift.memberToRead(group);
    if (clusterId.isEmpty()) {
      return Optional.empty();
    }
    try {
      return cache.describeCacheClusters(b -> b.cacheClusterId(clusterId.get())).cacheClusters().stream().findFirst();
    } catch (ElastiCacheException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private ReplicationGroup waitAvailable(String id) {
    WaiterResponse<DescribeReplicationGroupsResponse> response;
    try (ElastiCacheWaiter waiter = cache.waiter()) {
      response = waiter.waitUntilReplicationGroupAvailable(byId(id), waiterConfig());
    } catch (SdkException e) {
      throw new StepException("waiting for replication group " + id + " to become available failed or took longer "
          + "than " + ctx.waits().resourceReady() + ": " + e.getMessage() + "; run 'up' again to pick it up", e);
    }
    return response.matched().response()
        .flatMap(r -> r.replicationGroups().stream().findFirst())
        .orElseThrow(() -> new StepException("replication group " + id + " vanished while waiting for it"));
  }

  private void waitDeleted(String id) {
    try (ElastiCacheWaiter waiter = cache.waiter()) {
      waiter.waitUntilReplicationGroupDeleted(byId(id), waiterConfig());
    } catch (SdkException e) {
      throw new StepException("waiting for replication group " + id + " to be deleted failed or took longer than "
          + ctx.waits().resourceReady() + ": " + e.getMessage() + "; run the same command again to pick it up", e);
    }
  }

  private static DescribeReplicationGroupsRequest byId(String id) {
    return DescribeReplicationGroupsRequest.builder().replicationGroupId(id).build();
  }

  /** Waiters bounded by {@code resourceReady}, polling every {@code pollInterval}. */
  private WaiterOverrideConfiguration waiterConfig() {
    long attempts = Math.max(2, ctx.waits().resourceReady().toMillis() / ctx.waits().pollInterval().toMillis());
    return WaiterOverrideConfiguration.builder()
        .waitTimeout(ctx.waits().resourceReady())
        .maxAttempts((int) Math.min(Integer.MAX_VALUE, attempts))
        .backoffStrategyV2(BackoffStrategy.fixedDelay(ctx.waits().pollInterval()))
        .build();
  }

  private void record(ReplicationGroup group) {
    remember(ID, group.replicationGroupId());
    if (group.arn() != null) {
      remember(ARN, group.arn());
    }
  }

  /** The outputs: ids, endpoints, port. An endpoint the service does not report is not recorded. */
  private void recordOutputs(ReplicationGroup group) {
    record(group);
    NodeGroup nodes = group.nodeGroups().isEmpty() ? null : group.nodeGroups().get(0);
    Endpoint primary = nodes == null ? null : nodes.primaryEndpoint();
    Endpoint reader = nodes == null ? null : nodes.readerEndpoint();
    if (primary != null && primary.address() != null) {
      remember(PRIMARY_ADDRESS, primary.address());
      remember(PRIMARY_PORT, String.valueOf(primary.port()));
    }
    if (reader != null && reader.address() != null) {
      remember(READER_ADDRESS, reader.address());
    } else if (ctx.checkpoints().get(READER_ADDRESS).isPresent()) {
      ctx.checkpoints().remove(READER_ADDRESS);
    }
    remember(PORT, String.valueOf(primary != null && primary.port() != null ? primary.port() : spec.port()));
  }

  private void remember(String name, String value) {
    if (!ctx.checkpoints().get(name).filter(value::equals).isPresent()) {
      ctx.checkpoints().put(name, value);
    }
  }

  private StepException notOurs(String id) {
    return new StepException("replication group " + id + " exists but is not managed by this environment (its tags "
        + "do not say provisioner:env=" + ctx.env() + ", provisioner:step=" + ElastiCacheStep.ID
        + ", provisioner:key=" + CacheTags.REPLICATION_GROUP_KEY + "); set another replicationGroupId in the "
        + "profile or remove that group");
  }
}
