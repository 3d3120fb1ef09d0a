package io.provisioner.steps.data.rds;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceReadReplicaRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The read replicas of the primary, one per AZ of the spec, named {@code <identifier>-replica-<az>}.
 * All missing replicas are requested first, then each is waited for and converged. A replica the
 * spec no longer names is deleted (it holds no data of its own). Rollback deletes every replica
 * without a final snapshot; a "replica" that was promoted to a standalone database is never deleted.
 */
final class ReadReplicas {
  private static final Logger LOG = LoggerFactory.getLogger(ReadReplicas.class);

  private final StepContext ctx;
  private final RdsSpec spec;
  private final Instances instances;
  private final RdsClient rds;

  ReadReplicas(StepContext ctx, RdsSpec spec, Instances instances) {
    this.ctx = ctx;
    this.spec = spec;
    this.instances = instances;
    this.rds = instances.client();
  }

  void converge(Upstream up, DBInstance primary, String subnetGroup, String parameterGroup, List<String> changes) {
    for (RdsSpec.Replica replica : spec.replicas()) {
      if (!up.dataSubnets().containsKey(replica.availabilityZone())) {
        throw new StepException("replica AZ " + replica.availabilityZone() + " has no data subnet (network.vpc has "
            + up.dataSubnets().keySet() + "); choose one of those AZs or add the AZ to the VPC");
      }
    }
    Map<RdsSpec.Replica, DBInstance> found = new LinkedHashMap<>();
    for (RdsSpec.Replica replica : spec.replicas()) {
      String id = identifier(replica);
      DBInstance live = instances.describe(id).orElseGet(() -> {
        changes.add("created read replica " + id + " in " + replica.availabilityZone());
        return create(replica, up, primary, subnetGroup, parameterGroup);
      });
      record(replica.availabilityZone(), live);
      ctx.checkpoints().clearIntent(RdsNames.replicaIntent(replica.availabilityZone()));
      found.put(replica, live);
    }
    for (Map.Entry<RdsSpec.Replica, DBInstance> e : found.entrySet()) {
      RdsSpec.Replica replica = e.getKey();
      String label = "read replica " + identifier(replica);
      DBInstance live = instances.settle(label, e.getValue());
      InstanceDrift drift = InstanceDrift.replica(spec, replica, up, live);
      if (!drift.blockers().isEmpty()) {
        throw new StepException(String.join("; ", drift.blockers()));
      }
      Optional<ModifyDbInstanceRequest> modification = drift.modification();
      if (modification.isPresent()) {
        live = instances.modify(label, modification.get());
        changes.addAll(drift.differences());
      }
      RdsTags.converge(rds, label, live.dbInstanceArn(), tags(replica.availabilityZone()),
          RdsTags.toMap(live.tagList()), changes);
      record(replica.availabilityZone(), live);
    }
    for (String az : recordedAzs()) {
      if (spec.replicas().stream().noneMatch(r -> r.availabilityZone().equals(az))) {
        String id = ctx.checkpoints().get(RdsNames.replicaKey(az, "identifier")).orElseThrow();
        deleteReplica(az, id);
        changes.add("deleted read replica " + id + ", no longer in the spec");
      }
    }
  }

  List<String> verify(Upstream up) {
    List<String> differences = new ArrayList<>();
    for (RdsSpec.Replica replica : spec.replicas()) {
      String id = identifier(replica);
      Optional<DBInstance> live = instances.describe(id);
      if (live.isEmpty()) {
        differences.add("read replica " + id + " is missing");
        continue;
      }
      differences.addAll(InstanceDrift.replica(spec, replica, up, live.get()).differences());
      if (!Instances.AVAILABLE.equals(live.get().dbInstanceStatus())) {
        differences.add("read replica " + id + ": status is " + live.get().dbInstanceStatus() + ", expected available");
      }
      differences.addAll(RdsTags.differences("read replica " + id, tags(replica.availabilityZone()),
          RdsTags.toMap(live.get().tagList())));
    }
    for (String az : recordedAzs()) {
      if (spec.replicas().stream().noneMatch(r -> r.availabilityZone().equals(az))) {
        String id = ctx.checkpoints().get(RdsNames.replicaKey(az, "identifier")).orElseThrow();
        if (instances.describe(id).isPresent()) {
          differences.add("read replica " + id + " exists but is not in the spec");
        }
      }
    }
    return differences;
  }

  /** Live replicas of ours by AZ: those the spec names and those recorded. */
  Map<String, DBInstance> live() {
    Map<String, String> ids = new LinkedHashMap<>();
    spec.replicas().forEach(r -> ids.put(r.availabilityZone(), identifier(r)));
    for (String az : recordedAzs()) {
      ids.putIfAbsent(az, ctx.checkpoints().get(RdsNames.replicaKey(az, "identifier")).orElseThrow());
    }
    Map<String, DBInstance> live = new LinkedHashMap<>();
    ids.forEach((az, id) -> instances.describe(id).ifPresent(i -> live.put(az, i)));
    return live;
  }

  /** Identifiers of the given replicas that are no longer read replicas (promoted): never deleted. */
  static List<String> promoted(Map<String, DBInstance> replicas) {
    return replicas.values().stream().filter(i -> i.readReplicaSourceDBInstanceIdentifier() == null)
        .map(DBInstance::dbInstanceIdentifier).toList();
  }

  /** Deletes every replica of ours without a final snapshot and waits until each is gone. */
  void deleteAll(Map<String, DBInstance> replicas) {
    List<String> requested = new ArrayList<>();
    for (Map.Entry<String, DBInstance> e : replicas.entrySet()) {
      if (request(e.getValue())) {
        requested.add(e.getKey());
      }
    }
    for (Map.Entry<String, DBInstance> e : replicas.entrySet()) {
      String id = e.getValue().dbInstanceIdentifier();
      instances.waitDeleted("read replica " + id, id);
      forget(e.getKey());
    }
    for (String az : recordedAzs()) {
      forget(az);
    }
    if (!requested.isEmpty()) {
      LOG.info("deleted read replicas [step={}] [azs={}]", RdsStep.ID, requested);
    }
  }

  private void deleteReplica(String az, String id) {
    Optional<DBInstance> live = instances.describe(id);
    if (live.isPresent()) {
      if (live.get().readReplicaSourceDBInstanceIdentifier() == null) {
        throw new StepException("read replica " + id + " is no longer a read replica (promoted?); " + RdsStep.ID
            + " does not delete a standalone database: delete it yourself, or add its AZ back to replicas");
      }
      request(live.get());
      instances.waitDeleted("read replica " + id, id);
    }
    forget(az);
  }

  /** Sends DeleteDBInstance for a replica (deletion protection off first); false when it was already going. */
  private boolean request(DBInstance replica) {
    String id = replica.dbInstanceIdentifier();
    if (Instances.DELETING.equals(replica.dbInstanceStatus())) {
      return false;
    }
    if (Boolean.TRUE.equals(replica.deletionProtection())) {
      instances.modify("read replica " + id, ModifyDbInstanceRequest.builder().dbInstanceIdentifier(id)
          .deletionProtection(false).applyImmediately(true).build());
    }
    try {
      rds.deleteDBInstance(b -> b.dbInstanceIdentifier(id).skipFinalSnapshot(true).deleteAutomatedBackups(true));
      return true;
    } catch (RdsException e) {
      if (AwsErrors.isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  private DBInstance create(RdsSpec.Replica replica, Upstream up, DBInstance primary, String subnetGroup,
      String parameterGroup) {
    String id = identifier(replica);
    ctx.checkpoints().putIntent(RdsNames.replicaIntent(replica.availabilityZone()), "CreateDBInstanceReadReplica " + id);
    DBInstance created;
    try {
      created = rds.createDBInstanceReadReplica(createRequest(replica, up, primary, subnetGroup, parameterGroup))
          .dbInstance();
    } catch (RdsException e) {
      if (!AwsErrors.isAlreadyExists(e)) {
        throw e;
      }
      created = instances.describe(id).orElseThrow(() -> new StepException("read replica " + id
          + " was reported to exist but cannot be read; run 'up' again", e));
    }
    record(replica.availabilityZone(), created);
    ctx.checkpoints().clearIntent(RdsNames.replicaIntent(replica.availabilityZone()));
    LOG.info("creating read replica [step={}] [replica={}] [az={}] [class={}]",
        RdsStep.ID, id, replica.availabilityZone(), spec.classOf(replica));
    return created;
  }

  CreateDbInstanceReadReplicaRequest createRequest(RdsSpec.Replica replica, Upstream up, DBInstance primary,
      String subnetGroup, String parameterGroup) {
    CreateDbInstanceReadReplicaRequest.Builder b = CreateDbInstanceReadReplicaRequest.builder()
        .dbInstanceIdentifier(identifier(replica))
        .sourceDBInstanceIdentifier(primary.dbInstanceIdentifier())
        .availabilityZone(replica.availabilityZone())
        .dbInstanceClass(spec.classOf(replica))
        .multiAZ(false)
        .enablePerformanceInsights(spec.performanceInsights().enabled())
        .monitoringInterval(spec.monitoringIntervalSeconds())
        .enableCloudwatchLogsExports(spec.logExports())
        .publiclyAccessible(false)
        .vpcSecurityGroupIds(up.securityGroupId())
        .dbSubnetGroupName(subnetGroup)
        .dbParameterGroupName(parameterGroup)
        .autoMinorVersionUpgrade(spec.autoMinorVersionUpgrade())
        .copyTagsToSnapshot(true)
        .deletionProtection(false)
        .tags(RdsTags.of(tags(replica.availabilityZone())));
    if (spec.performanceInsights().enabled()) {
      b.performanceInsightsKMSKeyId(up.keyArn())
          .performanceInsightsRetentionPeriod(spec.performanceInsights().retentionDays());
    }
    if (spec.monitoringIntervalSeconds() > 0) {
      b.monitoringRoleArn(up.monitoringRoleArn());
    }
    return b.build();
  }

  private String identifier(RdsSpec.Replica replica) {
    return RdsNames.replicaIdentifier(spec.identifier(), replica.availabilityZone());
  }

  private Map<String, String> tags(String az) {
    return ctx.tags().forKey(RdsNames.replicaTagKey(az));
  }

  /** AZs with a recorded replica identifier. */
  private TreeSet<String> recordedAzs() {
    TreeSet<String> azs = new TreeSet<>();
    String suffix = ".identifier";
    for (String key : ctx.checkpoints().all().keySet()) {
      if (key.startsWith(RdsNames.REPLICA_PREFIX) && key.endsWith(suffix)) {
        azs.add(key.substring(RdsNames.REPLICA_PREFIX.length(), key.length() - suffix.length()));
      }
    }
    return azs;
  }

  private void record(String az, DBInstance live) {
    Checkpoints c = ctx.checkpoints();
    Recorded.remember(c, RdsNames.replicaKey(az, "identifier"), live.dbInstanceIdentifier());
    Recorded.remember(c, RdsNames.replicaKey(az, "arn"), live.dbInstanceArn());
    if (live.endpoint() != null) {
      Recorded.remember(c, RdsNames.replicaKey(az, "endpoint"), live.endpoint().address());
    }
  }

  private void forget(String az) {
    Checkpoints c = ctx.checkpoints();
    c.remove(RdsNames.replicaKey(az, "identifier"));
    c.remove(RdsNames.replicaKey(az, "arn"));
    c.remove(RdsNames.replicaKey(az, "endpoint"));
    c.clearIntent(RdsNames.replicaIntent(az));
  }
}
