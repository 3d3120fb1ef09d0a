package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.data.secrets.SecretsStep;
import io.provisioner.steps.kernel.Await;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import io.provisioner.steps.network.vpc.VpcOutputs;
import io.provisioner.steps.network.vpc.VpcStep;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.ModifyReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupPendingModifiedValues;
import software.amazon.awssdk.services.elasticache.model.Tag;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Redis replication group. Found by its deterministic id (recorded, else derived) when its
 * {@code provisioner:*} tags say it is ours; one of that id that is not ours is never adopted,
 * changed or deleted. Created with the AUTH token read from its secret at that moment, in memory
 * only; converged with {@link GroupSettings}; deleted with a final snapshot when snapshots are kept.
 *
 * <p>Pending while its status is not {@code available} or it has pending modifications, so the loop
 * waits after a create or a change until the new values are observed and nothing is pending
 * (ModifyReplicationGroup answers before the group shows its new values).
 *
 * <p>A group being deleted is a leftover that cannot be brought back: verify reports it missing,
 * and converge and rollback first wait until it is gone ({@link #awaitEarlierDeletion}). Delete
 * waits itself, first until the group accepts the deletion (available), then until it is gone,
 * since the subnet group before it cannot be deleted while the group holds it.
 */
final class ReplicationGroupResource implements Resource<CacheGroup> {
  static final String KEY = "replicationGroup";
  static final String ID = "replicationGroup.id";
  static final String ARN = "replicationGroup.arn";
  static final String PRIMARY_ADDRESS = "primaryEndpoint.address";
  static final String PRIMARY_PORT = "primaryEndpoint.port";
  static final String READER_ADDRESS = "readerEndpoint.address";
  static final String PORT = "port";
  private static final ErrorCodes ERRORS =
      ErrorCodes.notFound("ReplicationGroupNotFoundFault").alreadyExists("ReplicationGroupAlreadyExists");
  private static final DateTimeFormatter SNAPSHOT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationGroupResource.class);

  private final StepContext ctx;
  private final ElastiCacheClient cache;
  private final ElastiCacheSpec spec;
  private final String id;

  ReplicationGroupResource(StepContext ctx, ElastiCacheClient cache, ElastiCacheSpec spec) {
    this.ctx = ctx;
    this.cache = cache;
    this.spec = spec;
    this.id = DesiredGroup.groupId(ctx, spec);
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String idKey() {
    return ID;
  }

  @Override
  public String description() {
    return "replication group " + id;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<CacheGroup> read(String groupId) {
    return find(groupId, true);
  }

  /** By the derived id; a group that is not available is taken as ours only after an intent to create it. */
  @Override
  public Optional<CacheGroup> lookup() {
    return find(id, ctx.checkpoints().intent(KEY).isPresent());
  }

  /**
   * Creates the group as specified; refuses first when the id is taken by a group that is not ours.
   * An error that may echo the token is reported redacted ({@link AuthToken#scrub}).
   */
  @Override
  public CacheGroup create() {
    Optional<ReplicationGroup> taken = describe(id);
    if (taken.isPresent()) {
      throw new StepException(description() + " exists but is not managed by this environment ("
          + (CacheGroup.AVAILABLE.equals(taken.get().status()) ? "its tags do not say provisioner:env=" + ctx.env()
              + ", provisioner:step=" + ElastiCacheStep.ID + ", provisioner:key=" + KEY
              : "it is " + taken.get().status() + ", and ElastiCache shows the tags of an available group only; "
                  + "if it is this environment's, run 'up' again once it is available")
          + "); set another replicationGroupId in the profile or remove that group");
    }
    VpcOutputs vpc = ctx.read(VpcStep.OUTPUTS);
    spec.availabilityZones().forEach(az -> vpc.subnet(ElastiCacheStep.DATA_TIER, az)); // says which AZ has none
    AuthToken token = AuthToken.read(ctx.clients().get(SecretsManagerClient.class),
        ctx.read(SecretsStep.OUTPUTS).cacheAuthTokenArn());
    Map<String, String> tags = ctx.tags().forKey(KEY);
    ReplicationGroup created;
    try {
      created = cache.createReplicationGroup(createRequest(DesiredGroup.of(ctx, spec), token, tags)).replicationGroup();
    } catch (SdkException e) {
      if (ERRORS.isAlreadyExists(e)) {
        throw e;
      }
      throw token.scrub("create " + description(), e);
    }
    return find(id, true).orElseGet(() -> new CacheGroup(created, null, null));
  }

  /**
   * The CreateReplicationGroup request of a cluster-mode-disabled group: one primary and {@code
   * replicasPerNodeGroup} replicas as NumCacheClusters nodes placed in PreferredCacheClusterAZs
   * (the pair the API documents for one node group). Holds the token: never log or print it.
   */
  static CreateReplicationGroupRequest createRequest(DesiredGroup desired, AuthToken token, Map<String, String> tags) {
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
        .tags(sdkTags(tags))
        .build();
  }

  @Override
  public String id(CacheGroup live) {
    return live.group().replicationGroupId();
  }

  /** The ARN and the endpoints; an endpoint the service does not report (yet) is not recorded. */
  @Override
  public Map<String, String> recorded(CacheGroup live) {
    Optional<Endpoint> primary = live.nodes().map(n -> n.primaryEndpoint());
    Map<String, String> values = new HashMap<>();
    values.put(ARN, live.group().arn());
    values.put(PRIMARY_ADDRESS, primary.map(Endpoint::address).orElse(null));
    values.put(PRIMARY_PORT, primary.map(Endpoint::port).map(String::valueOf).orElse(null));
    values.put(READER_ADDRESS, live.nodes().map(n -> n.readerEndpoint()).map(Endpoint::address).orElse(null));
    values.put(PORT, String.valueOf(primary.map(Endpoint::port).orElse(spec.port())));
    return values;
  }

  @Override
  public List<Setting<CacheGroup>> settings() {
    List<Setting<CacheGroup>> settings = new ArrayList<>(GroupSettings.of(DesiredGroup.of(ctx, spec), this::modify));
    Map<String, String> wanted = ctx.tags().forKey(KEY);
    settings.add(Tags.setting(wanted, g -> g.tags() == null ? wanted : g.tags(), (g, tags) -> {
      awaitAvailable(id(g));
      cache.addTagsToResource(b -> b.resourceName(g.group().arn()).tags(sdkTags(tags)));
    }));
    return settings;
  }

  /** Its status while not available (a failed creation is settled, see GroupSettings), or its pending changes. */
  @Override
  public Optional<String> pending(CacheGroup live) {
    if (!CacheGroup.AVAILABLE.equals(live.status()) && !CacheGroup.CREATE_FAILED.equals(live.status())) {
      return Optional.of("status is " + live.status());
    }
    List<String> changes = pendingChanges(live.group().pendingModifiedValues());
    return changes.isEmpty() ? Optional.empty() : Optional.of("pending changes: " + String.join(", ", changes));
  }

  /** The fields of PendingModifiedValues that hold something (the service reports an empty element when none). */
  static List<String> pendingChanges(ReplicationGroupPendingModifiedValues pending) {
    if (pending == null) {
      return List.of();
    }
    List<String> changes = new ArrayList<>();
    for (SdkField<?> field : pending.sdkFields()) {
      Object value = field.getValueOrDefault(pending);
      if (value != null && !(value instanceof Collection<?> c && c.isEmpty())) {
        changes.add(field.memberName() + " " + value);
      }
    }
    return changes;
  }

  @Override
  public boolean deleted(CacheGroup live) {
    return CacheGroup.DELETING.equals(live.status());
  }

  /**
   * Waits until the group accepts a deletion (available, or its creation failed), deletes it, with
   * a final snapshot {@code <id>-final-<UTC yyyyMMddHHmmss>} when snapshots are kept and it is
   * available, and waits until it is gone.
   */
  @Override
  public void delete(CacheGroup live) {
    String groupId = id(live);
    ReplicationGroup group = CacheGroup.CREATE_FAILED.equals(live.status()) ? live.group() : awaitAvailable(groupId);
    String snapshot = spec.snapshotRetentionDays() > 0 && CacheGroup.AVAILABLE.equals(group.status())
        ? groupId + "-final-" + SNAPSHOT_TIME.format(ctx.clock().instant()) : null;
    cache.deleteReplicationGroup(b -> b.replicationGroupId(groupId).finalSnapshotIdentifier(snapshot));
    LOG.info("deleting replication group [step={}] [replicationGroupId={}] [finalSnapshot={}]", ElastiCacheStep.ID,
        groupId, snapshot == null ? "none" : snapshot);
    awaitGone(groupId);
  }

  /** Before converging or rolling back: waits until a group an earlier, interrupted rollback is deleting is gone. */
  void awaitEarlierDeletion() {
    Optional<String> recorded = ctx.checkpoints().get(ID);
    String groupId = recorded.orElse(id);
    try {
      if (find(groupId, recorded.isPresent()).filter(this::deleted).isPresent()) {
        LOG.info("waiting for the deletion of an earlier group [step={}] [replicationGroupId={}]", ElastiCacheStep.ID,
            groupId);
        awaitGone(groupId);
      }
    } catch (SdkException e) {
      throw new StepException("waiting for the deletion of replication group " + groupId + " failed: "
          + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- reads and waits

  /**
   * The group, its tags and its member when it is ours; empty when there is none or it is someone
   * else's. ElastiCache lists the tags of an available group only (ListTagsForResource fails
   * otherwise), so a group in any other status is ours only when the step has a record of it, and
   * its tags are unchecked until it is available.
   *
   * @param recorded the step recorded this group's id, or its intent to create it
   */
  private Optional<CacheGroup> find(String groupId, boolean recorded) {
    Optional<ReplicationGroup> found = describe(groupId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ReplicationGroup group = found.get();
    Map<String, String> tags = null;
    if (CacheGroup.AVAILABLE.equals(group.status())) {
      tags = Tags.from(cache.listTagsForResource(b -> b.resourceName(group.arn())).tagList(), Tag::key, Tag::value);
      if (!ctx.tags().matches(tags, KEY)) {
        return Optional.empty();
      }
    } else if (!recorded) {
      return Optional.empty();
    }
    return Optional.of(new CacheGroup(group, tags, member(group)));
  }

  private Optional<ReplicationGroup> describe(String groupId) {
    try {
      return cache.describeReplicationGroups(b -> b.replicationGroupId(groupId)).replicationGroups().stream()
          .findFirst();
    } catch (ElastiCacheException e) {
      if (ERRORS.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The member cluster that carries the node-level settings; null when it cannot be read. */
  private CacheCluster member(ReplicationGroup group) {
    Optional<String> clusterId = CacheGroup.memberToRead(group);
    if (clusterId.isEmpty()) {
      return null;
    }
    try {
      return cache.describeCacheClusters(b -> b.cacheClusterId(clusterId.get())).cacheClusters().stream().findFirst()
          .orElse(null);
    } catch (ElastiCacheException e) {
      if (AwsErrors.hasCode(e, "CacheClusterNotFound")) {
        return null;
      }
      throw e;
    }
  }

  /** One ModifyReplicationGroup call, applied immediately, once the group accepts changes (available). */
  private void modify(Consumer<ModifyReplicationGroupRequest.Builder> change) {
    awaitAvailable(id);
    cache.modifyReplicationGroup(b -> {
      b.replicationGroupId(id).applyImmediately(true);
      change.accept(b);
    });
  }

  private ReplicationGroup awaitAvailable(String groupId) {
    return Await.until(ctx.waits(), "replication group " + groupId + " to be available",
        () -> describe(groupId).orElseThrow(() -> new StepException("replication group " + groupId
            + " vanished while waiting for it")), g -> CacheGroup.AVAILABLE.equals(g.status()));
  }

  private void awaitGone(String groupId) {
    Await.until(ctx.waits(), "replication group " + groupId + " to be deleted", () -> describe(groupId),
        Optional::isEmpty);
  }

  private static List<Tag> sdkTags(Map<String, String> tags) {
    return Tags.to(tags, (k, v) -> Tag.builder().key(k).value(v).build());
  }
}
