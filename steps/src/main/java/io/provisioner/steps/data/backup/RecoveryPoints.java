package io.provisioner.steps.data.backup;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.Await;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.RecoveryPointStatus;

/**
 * The recovery points (backups) of one vault: listed with ListRecoveryPointsByBackupVault, and
 * deleted one by one with DeleteRecoveryPoint, which for some resource types only starts the
 * deletion (status DELETING): the vault is empty once none is listed any more.
 */
final class RecoveryPoints {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryPoints.class);
  private static final String NOT_FOUND = "ResourceNotFoundException";

  private final StepContext ctx;
  private final BackupClient backup;
  private final String vaultName;

  RecoveryPoints(StepContext ctx, BackupClient backup, String vaultName) {
    this.ctx = ctx;
    this.backup = backup;
    this.vaultName = vaultName;
  }

  /** What a vault holding {@code count} recovery points tells the operator. */
  static String holds(int count) {
    return "holds " + count + " recovery point" + (count == 1 ? "" : "s") + " (backups); rollback does not delete "
        + "backups unless asked: run rollback again with --delete-data to delete them and the vault, or keep the "
        + "vault (and the KMS key that encrypts it)";
  }

  /** The vault's recovery points; none when the vault is gone. */
  List<RecoveryPointByBackupVault> list() {
    List<RecoveryPointByBackupVault> points = new ArrayList<>();
    try {
      backup.listRecoveryPointsByBackupVaultPaginator(b -> b.backupVaultName(vaultName)).recoveryPoints()
          .forEach(points::add);
    } catch (BackupException e) {
      if (!AwsErrors.hasCode(e, NOT_FOUND)) {
        throw e;
      }
    }
    return points;
  }

  /** Deletes every recovery point and waits until none is listed. */
  void deleteAll() {
    List<RecoveryPointByBackupVault> points = list();
    for (RecoveryPointByBackupVault point : points) {
      if (point.status() == RecoveryPointStatus.DELETING) {
        continue;
      }
      try {
        backup.deleteRecoveryPoint(b -> b.backupVaultName(vaultName).recoveryPointArn(point.recoveryPointArn()));
      } catch (BackupException e) {
        if (!AwsErrors.hasCode(e, NOT_FOUND)) {
          throw e;
        }
      }
    }
    LOG.info("deleting recovery points [step={}] [vault={}] [count={}]", BackupStep.ID, vaultName, points.size());
    Await.until(ctx.waits(), "deletion of " + points.size() + " recovery points in backup vault " + vaultName,
        () -> list().size(), remaining -> remaining == 0);
  }
}
