package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The environment's Redis cache (seed 000 §ElastiCache Redis, seed 004 Multi-AZ):
 *
 * <ul>
 *   <li>a cache subnet group {@code <project>-<env>-redis} over every data subnet of {@code
 *       network.vpc} (an existing one of that name is adopted and tagged; its subnet set is
 *       converged);
 *   <li>a replication group ({@link ElastiCacheSpec#replicationGroupId()}, by default {@code
 *       <project>-<env>-redis}): engine redis, cluster mode disabled, one primary and {@link
 *       ElastiCacheSpec#replicasPerNodeGroup()} replicas in the listed AZs, automatic failover and
 *       Multi-AZ as specified, encrypted at rest with the key of {@code security.kms} and in
 *       transit with TLS, an AUTH token read from the secret of {@code data.secrets} at creation
 *       (in memory only), the {@code sg.redis} security group, snapshot retention and windows,
 *       maintenance window, parameter group and the common tags.
 * </ul>
 *
 * <p>{@code create} converges in place what ModifyReplicationGroup can change (applied
 * immediately): description, node type, engine upgrades, parameter group, security groups,
 * windows, snapshot retention, failover and Multi-AZ, plus missing tags. Settings fixed at creation
 * (encryption, KMS key, AUTH token presence, port, subnet group, node count and AZs, a newer
 * engine) fail with a message naming each and what to do; the step never replaces a group.
 *
 * <p>{@code verify} compares every setting and the tags. It cannot see the AUTH token's value
 * (ElastiCache never returns it), only that a token is enabled; a token rotated by hand in the
 * secret or on the group is not detected.
 *
 * <p>Checkpoints, which are also the outputs: {@code replicationGroup.id}, {@code
 * replicationGroup.arn}, {@code primaryEndpoint.address}, {@code primaryEndpoint.port}, {@code
 * readerEndpoint.address} (when the service reports one), {@code port}, and {@code
 * subnetGroup.name}; the write-ahead intent {@code intent:replicationGroup} around the create.
 *
 * <p>Rollback: a cache is not the system of record, so the group is deleted without {@code
 * --delete-data}; when {@link ElastiCacheSpec#snapshotRetentionDays()} is above 0 it first takes a
 * final snapshot {@code <id>-final-<UTC yyyyMMddHHmmss>}. It waits until the group is gone, then
 * deletes the subnet group. Only resources tagged as this environment's are deleted; not found is
 * done.
 */
public final class ElastiCacheStep implements Step {
  public static final String ID = "data.elasticache";

  /** Output keys, for the steps that connect to the cache. */
  public static final String OUTPUT_GROUP_ID = RedisGroup.ID;
  public static final String OUTPUT_GROUP_ARN = RedisGroup.ARN;
  public static final String OUTPUT_PRIMARY_ADDRESS = RedisGroup.PRIMARY_ADDRESS;
  public static final String OUTPUT_PRIMARY_PORT = RedisGroup.PRIMARY_PORT;
  public static final String OUTPUT_READER_ADDRESS = RedisGroup.READER_ADDRESS;
  public static final String OUTPUT_PORT = RedisGroup.PORT;

  private final ElastiCacheSpec spec;
  private final Clock clock;

  public ElastiCacheStep(ElastiCacheSpec spec) {
    this(spec, Clock.systemUTC());
  }

  /** With the clock that names final snapshots (tests). */
  ElastiCacheStep(ElastiCacheSpec spec, Clock clock) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of(KmsStep.ID, VpcStep.ID, SecurityGroupsStep.ID, CacheInputs.SECRETS_STEP);
  }

  @Override
  public ElastiCacheSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(
        new ServiceProbe("elasticache",
            ctx -> ctx.clients().get(ElastiCacheClient.class).describeReplicationGroups(r -> r.maxRecords(20))),
        new ServiceProbe("secretsmanager",
            ctx -> ctx.clients().get(SecretsManagerClient.class).listSecrets(r -> r.maxResults(1))));
  }

  @Override
  public void create(StepContext ctx) {
    DesiredGroup desired = DesiredGroup.of(ctx, spec);
    ElastiCacheClient cache = ctx.clients().get(ElastiCacheClient.class);
    new DataSubnetGroup(ctx, cache).converge(desired);
    new RedisGroup(ctx, spec, clock, cache).converge(desired);
  }

  @Override
  public Verification verify(StepContext ctx) {
    DesiredGroup desired = DesiredGroup.of(ctx, spec);
    ElastiCacheClient cache = ctx.clients().get(ElastiCacheClient.class);
    Verification group = new RedisGroup(ctx, spec, clock, cache).verify(desired);
    if (group.status() == Verification.Status.MISSING) {
      return group;
    }
    List<String> differences = new ArrayList<>(group.differences());
    differences.addAll(new DataSubnetGroup(ctx, cache).differences(desired));
    return Verification.of(differences);
  }

  @Override
  public void rollback(StepContext ctx) {
    ElastiCacheClient cache = ctx.clients().get(ElastiCacheClient.class);
    new RedisGroup(ctx, spec, clock, cache).rollback();
    new DataSubnetGroup(ctx, cache).rollback();
  }
}
