package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Setting;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;

/**
 * The primary PostgreSQL instance, under the spec's identifier: encrypted with the environment's
 * key, its master password generated and kept by RDS in Secrets Manager (same key; this tool never
 * sees it). Rollback refuses while deletion protection is on unless the run deletes data, and
 * deletes it after a final snapshot {@code <identifier>-final-<UTC yyyyMMddHHmmss>}, keeping the
 * automated backups; the snapshot stays, and its id is logged since the step's record goes.
 */
final class PrimaryResource extends InstanceResource {
  static final String KEY = "instance";

  private static final Logger LOG = LoggerFactory.getLogger(PrimaryResource.class);

  PrimaryResource(StepContext ctx, RdsClient rds, RdsSpec spec, Supplier<Upstream> up) {
    super(ctx, rds, spec, up, spec.identifier(), KEY, "instance.identifier", "DB instance");
  }

  /** The common tags, and {@code backup=true} when the spec asks for AWS Backup. */
  @Override
  Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>(ctx.tags().forKey(KEY));
    if (spec.backupTag()) {
      tags.put("backup", "true");
    }
    return tags;
  }

  @Override
  List<Setting<DBInstance>> attributes(InstanceModification modify) {
    return InstanceSettings.primary(spec, up.get(), modify);
  }

  @Override
  public DBInstance create() {
    return rds.createDBInstance(request()).dbInstance();
  }

  CreateDbInstanceRequest request() {
    Upstream upstream = up.get();
    CreateDbInstanceRequest.Builder b = CreateDbInstanceRequest.builder()
        .dbInstanceIdentifier(identifier).engine("postgres").engineVersion(spec.engineVersion())
        .dbInstanceClass(spec.instanceClass()).allocatedStorage(spec.allocatedStorage()).storageType(spec.storageType())
        .storageEncrypted(true).kmsKeyId(upstream.keyArn())
        .dbName(spec.databaseName()).masterUsername(spec.masterUsername())
        .manageMasterUserPassword(true).masterUserSecretKmsKeyId(upstream.keyArn())
        .multiAZ(spec.multiAz()).backupRetentionPeriod(spec.backupRetentionDays())
        .preferredBackupWindow(spec.backupWindow()).preferredMaintenanceWindow(spec.maintenanceWindow())
        .deletionProtection(spec.deletionProtection()).copyTagsToSnapshot(true)
        .enablePerformanceInsights(spec.performanceInsights().enabled())
        .monitoringInterval(spec.monitoringIntervalSeconds()).enableCloudwatchLogsExports(spec.logExports())
        .publiclyAccessible(false).vpcSecurityGroupIds(upstream.securityGroupId())
        .dbSubnetGroupName(RdsNames.subnetGroup(identifier))
        .dbParameterGroupName(RdsNames.parameterGroup(identifier, spec.majorVersion()))
        .autoMinorVersionUpgrade(spec.autoMinorVersionUpgrade()).tags(RdsTags.of(tags()));
    if (spec.maxAllocatedStorage() > 0) {
      b.maxAllocatedStorage(spec.maxAllocatedStorage());
    }
    if (spec.performanceInsights().enabled()) {
      b.performanceInsightsKMSKeyId(upstream.keyArn())
          .performanceInsightsRetentionPeriod(spec.performanceInsights().retentionDays());
    }
    if (spec.monitoringIntervalSeconds() > 0) {
      b.monitoringRoleArn(upstream.monitoringRoleArn());
    }
    if (spec.optionGroup() != null) {
      b.optionGroupName(RdsNames.optionGroup(identifier, spec.majorVersion()));
    }
    return b.build();
  }

  /** {@code instance.arn}, {@code endpoint.address}, {@code endpoint.port}, {@code masterSecretArn}; null while unknown. */
  @Override
  public Map<String, String> recorded(DBInstance live) {
    Map<String, String> values = new HashMap<>();
    values.put("instance.arn", live.dbInstanceArn());
    values.put("endpoint.address", live.endpoint() == null ? null : live.endpoint().address());
    values.put("endpoint.port", live.endpoint() == null || live.endpoint().port() == null ? null
        : String.valueOf(live.endpoint().port()));
    values.put("masterSecretArn", live.masterUserSecret() == null ? null : live.masterUserSecret().secretArn());
    return values;
  }

  @Override
  public Optional<String> deletionGuard(DBInstance live, boolean deleteData) {
    return Boolean.TRUE.equals(live.deletionProtection()) && !deleteData
        ? Optional.of("has deletion protection; rollback refuses to delete the database. Run again with --delete-data: "
            + "it turns deletion protection off and deletes it after a final snapshot")
        : Optional.empty();
  }

  @Override
  DeleteDbInstanceRequest deletion(DBInstance live) {
    String snapshot = RdsNames.finalSnapshot(live.dbInstanceIdentifier(), ctx.clock().instant());
    LOG.info("deleting DB instance after a final snapshot, which stays [step={}] [instance={}] [finalSnapshot={}]",
        RdsStep.ID, live.dbInstanceIdentifier(), snapshot);
    return DeleteDbInstanceRequest.builder().dbInstanceIdentifier(live.dbInstanceIdentifier())
        .skipFinalSnapshot(false).finalDBSnapshotIdentifier(snapshot).deleteAutomatedBackups(false).build();
  }
}
