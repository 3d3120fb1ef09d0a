package io.provisioner.steps.data.rds;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The primary PostgreSQL instance: created once under the spec's identifier (write-ahead intent
 * before CreateDBInstance, identifier and ARN recorded as soon as it returns), adopted by that
 * identifier on every later run, converged in place, deleted after a final snapshot.
 */
final class PrimaryInstance {
  static final String TAG_KEY = "instance";
  static final String ENGINE = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(PrimaryInstance.class);

  private final StepContext ctx;
  private final RdsSpec spec;
  private final Instances instances;
  private final RdsClient rds;
  private final String identifier;

  PrimaryInstance(StepContext ctx, RdsSpec spec, Instances instances) {
    this.ctx = ctx;
    this.spec = spec;
    this.instances = instances;
    this.rds = instances.client();
    this.identifier = spec.identifier();
  }

  String identifier() {
    return identifier;
  }

  String label() {
    return "DB instance " + identifier;
  }

  /** The expected tags: the common ones, and {@code backup=true} when the spec asks for AWS Backup. */
  Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>(ctx.tags().forKey(TAG_KEY));
    if (spec.backupTag()) {
      tags.put("backup", "true");
    }
    return tags;
  }

  /** Adopts or creates the instance, waits for it, converges it; returns it as it is now. */
  DBInstance converge(Upstream up, String subnetGroup, String parameterGroup, String optionGroup, List<String> changes) {
    requireSameIdentifier();
    Optional<DBInstance> found = instances.describe(identifier);
    DBInstance live;
    if (found.isEmpty()) {
      live = create(up, subnetGroup, parameterGroup, optionGroup);
      changes.add("created " + label());
    } else {
      live = found.get();
    }
    record(live);
    ctx.checkpoints().clearIntent(RdsNames.INSTANCE_INTENT);
    live = instances.settle(label(), live);

    InstanceDrift drift = InstanceDrift.primary(spec, up, live);
    if (!drift.blockers().isEmpty()) {
      throw new StepException(String.join("; ", drift.blockers()));
    }
    Optional<ModifyDbInstanceRequest> modification = drift.modification();
    if (modification.isPresent()) {
      live = instances.modify(label(), modification.get());
      changes.addAll(drift.differences());
    }
    RdsTags.converge(rds, label(), live.dbInstanceArn(), tags(), RdsTags.toMap(live.tagList()), changes);
    record(live);
    return live;
  }

  /** Every difference from the spec; empty when in sync. The instance must exist. */
  List<String> verify(Upstream up, DBInstance live) {
    List<String> differences = new ArrayList<>(InstanceDrift.primary(spec, up, live).differences());
    if (!Instances.AVAILABLE.equals(live.dbInstanceStatus())) {
      differences.add(label() + ": status is " + live.dbInstanceStatus() + ", expected available");
    }
    differences.addAll(RdsTags.differences(label(), tags(), RdsTags.toMap(live.tagList())));
    return differences;
  }

  /** The live instance: the recorded identifier, else the spec's. */
  Optional<DBInstance> find() {
    return instances.describe(ctx.checkpoints().get(RdsNames.INSTANCE_IDENTIFIER).orElse(identifier));
  }

  /**
   * Deletes the instance after a final snapshot {@code <identifier>-final-<UTC yyyyMMddHHmmss>}
   * (automated backups kept), turning deletion protection off first when it is on; waits until it
   * is gone. The snapshot id is logged at info: the step's record goes with the rollback. The caller
   * has checked that deleting it is allowed.
   *
   * @return the final snapshot's id, or empty when there was nothing to delete
   */
  Optional<String> delete(Clock clock) {
    Optional<DBInstance> found = find();
    if (found.isEmpty()) {
      forget();
      return Optional.empty();
    }
    DBInstance live = found.get();
    String id = live.dbInstanceIdentifier();
    String label = "DB instance " + id;
    if (Instances.DELETING.equals(live.dbInstanceStatus())) {
      instances.waitDeleted(label, id);
      forget();
      return Optional.empty();
    }
    live = instances.settle(label, live);
    if (Boolean.TRUE.equals(live.deletionProtection())) {
      instances.modify(label, ModifyDbInstanceRequest.builder().dbInstanceIdentifier(id)
          .deletionProtection(false).applyImmediately(true).build());
      LOG.info("turned deletion protection off [step={}] [instance={}]", RdsStep.ID, id);
    }
    String snapshot = RdsNames.finalSnapshot(id, clock.instant());
    try {
      rds.deleteDBInstance(b -> b.dbInstanceIdentifier(id).skipFinalSnapshot(false)
          .finalDBSnapshotIdentifier(snapshot).deleteAutomatedBackups(false));
    } catch (RdsException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
      forget();
      return Optional.empty();
    }
    LOG.info("deleting DB instance after a final snapshot [step={}] [instance={}] [finalSnapshot={}]",
        RdsStep.ID, id, snapshot);
    instances.waitDeleted(label, id);
    forget();
    return Optional.of(snapshot);
  }

  private DBInstance create(Upstream up, String subnetGroup, String parameterGroup, String optionGroup) {
    ctx.checkpoints().putIntent(RdsNames.INSTANCE_INTENT, "CreateDBInstance " + identifier);
    DBInstance created;
    try {
      created = rds.createDBInstance(createRequest(up, subnetGroup, parameterGroup, optionGroup)).dbInstance();
    } catch (RdsException e) {
      if (!AwsErrors.isAlreadyExists(e)) {
        throw e;
      }
      created = instances.describe(identifier).orElseThrow(() -> new StepException(label()
          + " was reported to exist but cannot be read; run 'up' again", e));
    }
    record(created);
    ctx.checkpoints().clearIntent(RdsNames.INSTANCE_INTENT);
    LOG.info("creating DB instance [step={}] [instance={}] [class={}] [multiAz={}]",
        RdsStep.ID, identifier, spec.instanceClass(), spec.multiAz());
    return instances.waitAvailable(label(), identifier);
  }

  CreateDbInstanceRequest createRequest(Upstream up, String subnetGroup, String parameterGroup, String optionGroup) {
    CreateDbInstanceRequest.Builder b = CreateDbInstanceRequest.builder()
        .dbInstanceIdentifier(identifier)
        .engine(ENGINE)
        .engineVersion(spec.engineVersion())
        .dbInstanceClass(spec.instanceClass())
        .allocatedStorage(spec.allocatedStorage())
        .storageType(spec.storageType())
        .storageEncrypted(true)
        .kmsKeyId(up.keyArn())
        .dbName(spec.databaseName())
        .masterUsername(spec.masterUsername())
        .manageMasterUserPassword(true)
        .masterUserSecretKmsKeyId(up.keyArn())
        .multiAZ(spec.multiAz())
        .backupRetentionPeriod(spec.backupRetentionDays())
        .preferredBackupWindow(spec.backupWindow())
        .preferredMaintenanceWindow(spec.maintenanceWindow())
        .deletionProtection(spec.deletionProtection())
        .copyTagsToSnapshot(true)
        .enablePerformanceInsights(spec.performanceInsights().enabled())
        .monitoringInterval(spec.monitoringIntervalSeconds())
        .enableCloudwatchLogsExports(spec.logExports())
        .publiclyAccessible(false)
        .vpcSecurityGroupIds(up.securityGroupId())
        .dbSubnetGroupName(subnetGroup)
        .dbParameterGroupName(parameterGroup)
        .autoMinorVersionUpgrade(spec.autoMinorVersionUpgrade())
        .tags(RdsTags.of(tags()));
    if (spec.maxAllocatedStorage() > 0) {
      b.maxAllocatedStorage(spec.maxAllocatedStorage());
    }
    if (spec.performanceInsights().enabled()) {
      b.performanceInsightsKMSKeyId(up.keyArn())
          .performanceInsightsRetentionPeriod(spec.performanceInsights().retentionDays());
    }
    if (spec.monitoringIntervalSeconds() > 0) {
      b.monitoringRoleArn(up.monitoringRoleArn());
    }
    if (optionGroup != null) {
      b.optionGroupName(optionGroup);
    }
    return b.build();
  }

  /** The identifier cannot change: a recorded instance under another name is an error, not a rename. */
  private void requireSameIdentifier() {
    Optional<String> recorded = ctx.checkpoints().get(RdsNames.INSTANCE_IDENTIFIER);
    if (recorded.isPresent() && !recorded.get().equals(identifier)) {
      throw new StepException("identifier is " + identifier + " in the spec, but this environment's database is "
          + recorded.get() + "; an RDS instance is not renamed in place: set identifier back to " + recorded.get()
          + ", or roll back data.rds (with a final snapshot) before changing it");
    }
  }

  private void record(DBInstance live) {
    Checkpoints c = ctx.checkpoints();
    Recorded.remember(c, RdsNames.INSTANCE_IDENTIFIER, live.dbInstanceIdentifier());
    Recorded.remember(c, RdsNames.INSTANCE_ARN, live.dbInstanceArn());
    if (live.endpoint() != null) {
      Recorded.remember(c, RdsNames.ENDPOINT_ADDRESS, live.endpoint().address());
      if (live.endpoint().port() != null) {
        Recorded.remember(c, RdsNames.ENDPOINT_PORT, String.valueOf(live.endpoint().port()));
      }
    }
    if (live.masterUserSecret() != null) {
      Recorded.remember(c, RdsNames.MASTER_SECRET_ARN, live.masterUserSecret().secretArn());
    }
  }

  private void forget() {
    Checkpoints c = ctx.checkpoints();
    for (String key : List.of(RdsNames.INSTANCE_IDENTIFIER, RdsNames.INSTANCE_ARN, RdsNames.ENDPOINT_ADDRESS,
        RdsNames.ENDPOINT_PORT, RdsNames.MASTER_SECRET_ARN)) {
      c.remove(key);
    }
    c.clearIntent(RdsNames.INSTANCE_INTENT);
  }
}
