package io.provisioner.steps.data.backup;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.support.ClientTokens;
import io.provisioner.steps.support.Poll;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.RecoveryPointStatus;

/**
 * The environment's backup vault {@code <project>-<env>-vault}, encrypted with the key of {@code
 * security.kms}. Vault names are unique per account and region, so the name is what a resumed run
 * finds the vault by; an existing vault of that name is adopted (and tagged).
 *
 * <p>The vault holds the data: rollback empties it only with {@code --delete-data}. Without it a
 * vault with recovery points is left in place and rollback fails saying how many there are.
 */
final class Vault {
  static final String LOGICAL_KEY = "vault";
  static final String NAME = "vault.name";
  static final String ARN = "vault.arn";

  private static final Logger LOG = LoggerFactory.getLogger(Vault.class);
  /** AWS Backup's CreatorRequestId: 1-50 alphanumeric or '-_.' characters. */
  private static final int TOKEN_LENGTH = 50;

  private final StepContext ctx;
  private final BackupClient backup;
  private final String name;

  Vault(StepContext ctx, BackupClient backup) {
    this.ctx = ctx;
    this.backup = backup;
    this.name = BackupNames.vault(ctx);
  }

  String name() {
    return name;
  }

  // ---------------------------------------------------------------- create

  /**
   * Adopts or creates the vault, then tags it.
   *
   * @throws StepException when the vault exists with another encryption key: AWS cannot change a
   *     vault's key in place
   */
  void converge(String keyArn) {
    DescribeBackupVaultResponse vault = describe().orElse(null);
    if (vault == null) {
      vault = create(keyArn);
      if (vault == null) {
        return;
      }
    }
    if (!Objects.equals(keyArn, vault.encryptionKeyArn())) {
      throw keyCannotChange(vault.encryptionKeyArn(), keyArn);
    }
    record(vault.backupVaultArn());
    Map<String, String> missing = BackupTags.missing(expectedTags(), BackupTags.of(backup, vault.backupVaultArn()));
    if (!missing.isEmpty()) {
      String arn = vault.backupVaultArn();
      backup.tagResource(b -> b.resourceArn(arn).tags(missing));
      LOG.info("tagged backup vault [step={}] [vault={}] [tags={}]", BackupStep.ID, name, missing.keySet());
    }
  }

  /** Creates the vault; null when created, the existing vault when the name turned out to be taken. */
  private DescribeBackupVaultResponse create(String keyArn) {
    try {
      String arn = backup.createBackupVault(b -> b
              .backupVaultName(name)
              .encryptionKeyArn(keyArn)
              .backupVaultTags(expectedTags())
              .creatorRequestId(ClientTokens.of(ctx.env(), BackupStep.ID, name, TOKEN_LENGTH)))
          .backupVaultArn();
      record(arn);
      LOG.info("created backup vault [step={}] [vault={}] [arn={}]", BackupStep.ID, name, arn);
      return null;
    } catch (BackupException e) {
      if (!AwsErrors.isAlreadyExists(e)) {
        throw e;
      }
      return describe().orElseThrow(() -> new StepException("backup vault " + name
          + " was reported to exist but cannot be described; run 'up' again", e));
    }
  }

  private StepException keyCannotChange(String actualKey, String expectedKey) {
    return new StepException("backup vault " + name + " is encrypted with KMS key " + actualKey
        + ", but security.kms keyArn is " + expectedKey + ": a vault's encryption key (EncryptionKeyArn) cannot "
        + "be changed in place. Either restore the original key of security.kms, or (keeping or copying out the "
        + "recovery points first) delete the vault so the next 'up' creates it with the new key");
  }

  // ---------------------------------------------------------------- verify

  /** @param keyArn the key of {@code security.kms}, or null when that step recorded none */
  Verification verify(String keyArn) {
    Optional<DescribeBackupVaultResponse> found = describe();
    if (found.isEmpty()) {
      return Verification.missing("backup vault " + name + " is missing");
    }
    DescribeBackupVaultResponse vault = found.get();
    String prefix = "backup vault " + name + ": ";
    List<String> differences = new ArrayList<>();
    if (keyArn == null) {
      differences.add(prefix + "encrypted with KMS key " + vault.encryptionKeyArn()
          + ", but security.kms has recorded no keyArn to compare it with");
    } else if (!keyArn.equals(vault.encryptionKeyArn())) {
      differences.add(prefix + "encrypted with KMS key " + vault.encryptionKeyArn() + ", expected " + keyArn
          + " (cannot be changed in place)");
    }
    differences.addAll(BackupTags.differences(prefix, expectedTags(), BackupTags.of(backup, vault.backupVaultArn())));
    return Verification.of(differences);
  }

  // ---------------------------------------------------------------- rollback

  /**
   * Deletes the vault. AWS deletes only an empty vault: its recovery points are deleted first when
   * the operator asked for {@code --delete-data}; otherwise rollback stops here, naming the vault
   * and how many recovery points it holds. The vault's own count is a hint (AWS calls it an
   * approximation); when it says empty but the delete is refused, the points are listed.
   */
  void rollback() {
    String vaultName = ctx.checkpoints().get(NAME).orElse(name);
    Optional<DescribeBackupVaultResponse> found = describe(vaultName);
    if (found.isPresent()) {
      Long hint = found.get().numberOfRecoveryPoints();
      if (hint != null && hint > 0) {
        empty(vaultName);
      }
      try {
        delete(vaultName);
      } catch (BackupException e) {
        if (!AwsErrors.hasCode(e, "InvalidRequestException") || !empty(vaultName)) {
          throw e;
        }
        delete(vaultName);
      }
    }
    ctx.checkpoints().remove(ARN);
    ctx.checkpoints().remove(NAME);
  }

  private void delete(String vaultName) {
    try {
      backup.deleteBackupVault(b -> b.backupVaultName(vaultName));
      LOG.info("deleted backup vault [step={}] [vault={}]", BackupStep.ID, vaultName);
    } catch (BackupException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  /**
   * Deletes the vault's recovery points (with {@code --delete-data}) and waits until they are gone.
   *
   * @return false when there were none
   * @throws StepException without {@code --delete-data} when there are some
   */
  private boolean empty(String vaultName) {
    List<RecoveryPointByBackupVault> points = recoveryPoints(vaultName);
    if (points.isEmpty()) {
      return false;
    }
    if (!ctx.deleteData()) {
      throw new StepException("backup vault " + vaultName + " holds " + points.size() + " recovery point"
          + (points.size() == 1 ? "" : "s") + " (backups); rollback does not delete backups unless asked: run "
          + "rollback again with --delete-data to delete them and the vault, or keep the vault (and the KMS key "
          + "that encrypts it)");
    }
    for (RecoveryPointByBackupVault point : points) {
      if (point.status() == RecoveryPointStatus.DELETING) {
        continue;
      }
      try {
        backup.deleteRecoveryPoint(b -> b.backupVaultName(vaultName).recoveryPointArn(point.recoveryPointArn()));
      } catch (BackupException e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
    }
    LOG.info("deleting recovery points [step={}] [vault={}] [count={}]", BackupStep.ID, vaultName, points.size());
    Poll.until(ctx.waits(), "deletion of " + points.size() + " recovery points in backup vault " + vaultName,
        () -> recoveryPoints(vaultName).size(), remaining -> remaining == 0);
    return true;
  }

  private List<RecoveryPointByBackupVault> recoveryPoints(String vaultName) {
    List<RecoveryPointByBackupVault> points = new ArrayList<>();
    try {
      backup.listRecoveryPointsByBackupVaultPaginator(b -> b.backupVaultName(vaultName)).recoveryPoints()
          .forEach(points::add);
    } catch (BackupException e) {
      if (!AwsErrors.hasCode(e, "ResourceNotFoundException")) {
        throw e;
      }
    }
    return points;
  }

  // ---------------------------------------------------------------- helpers

  Optional<DescribeBackupVaultResponse> describe() {
    return describe(ctx.checkpoints().get(NAME).orElse(name));
  }

  private Optional<DescribeBackupVaultResponse> describe(String vaultName) {
    try {
      return Optional.of(backup.describeBackupVault(b -> b.backupVaultName(vaultName)));
    } catch (BackupException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Map<String, String> expectedTags() {
    return ctx.tags().forKey(LOGICAL_KEY);
  }

  private void record(String arn) {
    remember(NAME, name);
    remember(ARN, arn);
  }

  private void remember(String key, String value) {
    if (!ctx.checkpoints().get(key).filter(value::equals).isPresent()) {
      ctx.checkpoints().put(key, value);
    }
  }
}
