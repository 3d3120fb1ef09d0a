package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Setting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceReadReplicaRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;

/**
 * A read replica of the primary, keyed by its AZ: {@code <identifier>-replica-<az>}. It holds no
 * data of its own, so rollback deletes it without a final snapshot; one that was promoted to a
 * standalone database is never deleted, and nothing else is while it is there.
 *
 * <p>Its logical key is {@code replica.<az>}, the intent name environments already use; its
 * {@code provisioner:key} tag is {@code replica-<az>}, as before.
 */
final class ReplicaResource extends InstanceResource {
  private final RdsSpec.Replica replica;
  private final String source;

  /** @param source the primary's identifier */
  ReplicaResource(StepContext ctx, RdsClient rds, RdsSpec spec, Supplier<Upstream> up, RdsSpec.Replica replica,
      String source) {
    super(ctx, rds, spec, up, RdsNames.replicaIdentifier(spec.identifier(), replica.availabilityZone()),
        RdsNames.REPLICA_PREFIX + replica.availabilityZone(), RdsNames.replicaKey(replica.availabilityZone(), "identifier"),
        "read replica");
    this.replica = replica;
    this.source = source;
  }

  @Override
  Map<String, String> tags() {
    return ctx.tags().forKey("replica-" + replica.availabilityZone());
  }

  @Override
  List<Setting<DBInstance>> attributes(InstanceModification modify) {
    return InstanceSettings.replica(spec, replica, source, up.get(), modify);
  }

  @Override
  public DBInstance create() {
    return rds.createDBInstanceReadReplica(request()).dbInstance();
  }

  /**
   * No DBParameterGroupName: for a same-Region PostgreSQL replica RDS rejects it
   * (InvalidParameterCombination; CreateDBInstanceReadReplica supports it only for MySQL cross-Region,
   * Multi-AZ DB cluster, Db2 and Oracle replicas) and gives the replica the source's group. No
   * KmsKeyId either: a same-Region replica is always encrypted with the source's key.
   */
  CreateDbInstanceReadReplicaRequest request() {
    Upstream upstream = up.get();
    CreateDbInstanceReadReplicaRequest.Builder b = CreateDbInstanceReadReplicaRequest.builder()
        .dbInstanceIdentifier(identifier).sourceDBInstanceIdentifier(source)
        .availabilityZone(replica.availabilityZone()).dbInstanceClass(spec.classOf(replica)).multiAZ(false)
        .enablePerformanceInsights(spec.performanceInsights().enabled())
        .monitoringInterval(spec.monitoringIntervalSeconds()).enableCloudwatchLogsExports(spec.logExports())
        .publiclyAccessible(false).vpcSecurityGroupIds(upstream.securityGroupId())
        .dbSubnetGroupName(RdsNames.subnetGroup(spec.identifier()))
        .autoMinorVersionUpgrade(spec.autoMinorVersionUpgrade()).copyTagsToSnapshot(true).deletionProtection(false)
        .tags(RdsTags.of(tags()));
    if (spec.performanceInsights().enabled()) {
      b.performanceInsightsKMSKeyId(upstream.keyArn())
          .performanceInsightsRetentionPeriod(spec.performanceInsights().retentionDays());
    }
    if (spec.monitoringIntervalSeconds() > 0) {
      b.monitoringRoleArn(upstream.monitoringRoleArn());
    }
    return b.build();
  }

  /** {@code replica.<az>.arn} and {@code replica.<az>.endpoint}; null while unknown. */
  @Override
  public Map<String, String> recorded(DBInstance live) {
    Map<String, String> values = new HashMap<>();
    values.put(RdsNames.replicaKey(replica.availabilityZone(), "arn"), live.dbInstanceArn());
    values.put(RdsNames.replicaKey(replica.availabilityZone(), "endpoint"),
        live.endpoint() == null ? null : live.endpoint().address());
    return values;
  }

  @Override
  public Optional<String> deletionGuard(DBInstance live, boolean deleteData) {
    return Objects.equals(source, live.readReplicaSourceDBInstanceIdentifier()) ? Optional.empty()
        : Optional.of("is no longer a read replica of " + source + " (promoted to a standalone database?); rollback "
            + "deletes neither it nor anything else: delete it yourself, then run again");
  }

  @Override
  DeleteDbInstanceRequest deletion(DBInstance live) {
    return DeleteDbInstanceRequest.builder().dbInstanceIdentifier(live.dbInstanceIdentifier())
        .skipFinalSnapshot(true).deleteAutomatedBackups(true).build();
  }
}
