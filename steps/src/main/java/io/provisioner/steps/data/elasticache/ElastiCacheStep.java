package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.data.secrets.SecretsStep;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The environment's Redis cache (seed 000 §ElastiCache Redis, seed 004 Multi-AZ):
 *
 * <ul>
 *   <li>a cache subnet group {@code <project>-<env>-redis} over every data subnet of {@code
 *       network.vpc} ({@link SubnetGroupResource});
 *   <li>a replication group ({@link ElastiCacheSpec#replicationGroupId()}, by default {@code
 *       <project>-<env>-redis}): engine redis, cluster mode disabled, one primary and {@link
 *       ElastiCacheSpec#replicasPerNodeGroup()} replicas in the listed AZs, automatic failover and
 *       Multi-AZ as specified, encrypted at rest with the key of {@code security.kms} and in
 *       transit with TLS, an AUTH token read from the secret of {@code data.secrets} at creation
 *       (in memory only), the {@code sg.redis} security group, snapshot retention and windows,
 *       maintenance window, parameter group and the common tags ({@link ReplicationGroupResource}).
 * </ul>
 *
 * <p>Written on the resource kernel. {@code create} converges in place what ModifyReplicationGroup
 * can change (applied immediately, waiting until the group shows the new values); settings fixed
 * at creation fail with a message naming the setting and what to do, before anything is changed;
 * the step never replaces a group ({@link GroupSettings}).
 *
 * <p>{@code verify} cannot see the AUTH token's value (ElastiCache never returns it), only that a
 * token is enabled; a token rotated by hand in the secret or on the group is not detected.
 *
 * <p>Checkpoints: {@code subnetGroup.name}, {@code replicationGroup.id}, {@code
 * replicationGroup.arn}, {@code primaryEndpoint.address}, {@code primaryEndpoint.port}, {@code
 * readerEndpoint.address} (when the service reports one), {@code port}; the write-ahead intent
 * {@code intent:replicationGroup} around the create. Publishes {@link ElastiCacheOutputs}.
 *
 * <p>Rollback: a cache is not the system of record, so the group is deleted without {@code
 * --delete-data}; when {@link ElastiCacheSpec#snapshotRetentionDays()} is above 0 it first takes a
 * final snapshot {@code <id>-final-<UTC yyyyMMddHHmmss>}. It waits until the group is gone, then
 * deletes the subnet group. Only resources tagged as this environment's are deleted.
 */
public final class ElastiCacheStep extends ResourceStep {
  public static final String ID = "data.elasticache";
  /** What this step publishes, for the steps that connect to the cache. */
  public static final OutputRef<ElastiCacheOutputs> OUTPUTS = OutputRef.of(ID, ElastiCacheOutputs.class);
  static final String DATA_TIER = "data";

  private final ElastiCacheSpec spec;

  public ElastiCacheStep(ElastiCacheSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<OutputRef<?>> references() {
    return List.of(KmsStep.OUTPUTS, VpcStep.OUTPUTS, SecurityGroupsStep.OUTPUTS, SecretsStep.OUTPUTS);
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
  protected void reconcile(Reconciler loop) {
    StepContext ctx = loop.context();
    ElastiCacheClient cache = ctx.clients().get(ElastiCacheClient.class);
    loop.ensure(new SubnetGroupResource(ctx, cache,
        () -> List.copyOf(ctx.read(VpcStep.OUTPUTS).subnets(DATA_TIER).values())));
    ReplicationGroupResource group = new ReplicationGroupResource(ctx, cache, spec);
    if (loop.mode() != Reconciler.Mode.VERIFY) {
      group.awaitEarlierDeletion();
    }
    loop.ensure(group).ifPresent(live -> loop.publish(ElastiCacheOutputs.of(live.group())));
  }
}
