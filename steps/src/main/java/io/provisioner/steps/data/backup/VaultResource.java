package io.provisioner.steps.data.backup;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.support.ClientTokens;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse;

/**
 * The environment's backup vault {@code <project>-<env>-vault}, encrypted with the key of {@code
 * security.kms}. Vault names are unique per account and region, so the name is what a resumed run
 * finds the vault by; an existing vault of that name is adopted (and tagged). Its key is fixed at
 * creation: AWS cannot change a vault's key, so converge fails naming it.
 *
 * <p>The vault holds the data: rollback empties it only with {@code --delete-data}. Without it a
 * vault with recovery points is left in place and rollback fails saying how many there are. The
 * vault's own count of them is a hint (AWS calls it an approximation); when it says empty but the
 * delete is refused, the points are listed.
 */
final class VaultResource implements Resource<DescribeBackupVaultResponse> {
  static final String KEY = "vault";
  static final String NAME = "vault.name";
  static final String ARN = "vault.arn";
  /**
   * API reference: DescribeBackupVault and DeleteBackupVault answer {@code
   * ResourceNotFoundException}, CreateBackupVault {@code AlreadyExistsException}; DeleteBackupVault
   * answers {@code InvalidRequestException} for a vault that is not empty.
   */
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("ResourceNotFoundException")
      .alreadyExists("AlreadyExistsException").notYetVisible("ResourceNotFoundException");
  private static final String NOT_EMPTY = "InvalidRequestException";
  /** AWS Backup's CreatorRequestId: 1-50 alphanumeric or '-_.' characters. */
  private static final int TOKEN_LENGTH = 50;

  private final StepContext ctx;
  private final BackupClient backup;
  private final String name;

  VaultResource(StepContext ctx) {
    this.ctx = ctx;
    this.backup = ctx.clients().get(BackupClient.class);
    this.name = BackupNames.vault(ctx);
  }

  String name() {
    return name;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String idKey() {
    return NAME;
  }

  @Override
  public String description() {
    return "backup vault " + name;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<DescribeBackupVaultResponse> read(String vaultName) {
    return Optional.of(backup.describeBackupVault(b -> b.backupVaultName(vaultName)));
  }

  @Override
  public Optional<DescribeBackupVaultResponse> lookup() {
    return read(name);
  }

  @Override
  public DescribeBackupVaultResponse create() {
    backup.createBackupVault(b -> b
        .backupVaultName(name)
        .encryptionKeyArn(keyArn())
        .backupVaultTags(ctx.tags().forKey(KEY))
        .creatorRequestId(ClientTokens.of(ctx.env(), BackupStep.ID, name, TOKEN_LENGTH)));
    return backup.describeBackupVault(b -> b.backupVaultName(name));
  }

  @Override
  public String id(DescribeBackupVaultResponse vault) {
    return vault.backupVaultName();
  }

  @Override
  public Map<String, String> recorded(DescribeBackupVaultResponse vault) {
    return Map.of(ARN, vault.backupVaultArn());
  }

  @Override
  public List<Setting<DescribeBackupVaultResponse>> settings() {
    return List.of(
        Setting.fixed("KMS key", DescribeBackupVaultResponse::encryptionKeyArn, keyArn(),
            "restore the original key of security.kms, or (keeping or copying out its recovery points first) delete "
                + description() + " so the next 'up' creates it with the new key"),
        BackupTags.setting(backup, ctx.tags().forKey(KEY), DescribeBackupVaultResponse::backupVaultArn));
  }

  /** Refuses a vault the service counts recovery points in, when they are there and not to be deleted. */
  @Override
  public Optional<String> deletionGuard(DescribeBackupVaultResponse vault, boolean deleteData) {
    if (deleteData || hint(vault) == 0) {
      return Optional.empty();
    }
    int count = points(vault).list().size();
    return count == 0 ? Optional.empty() : Optional.of(RecoveryPoints.holds(count));
  }

  /** Deletes the vault, its recovery points first with {@code --delete-data}. */
  @Override
  public void delete(DescribeBackupVaultResponse vault) {
    RecoveryPoints points = points(vault);
    if (ctx.deleteData() && hint(vault) > 0) {
      points.deleteAll();
    }
    try {
      backup.deleteBackupVault(b -> b.backupVaultName(vault.backupVaultName()));
    } catch (BackupException e) {
      int left = AwsErrors.hasCode(e, NOT_EMPTY) ? points.list().size() : 0;
      if (left == 0) {
        throw e;
      }
      if (!ctx.deleteData()) {
        throw new StepException("backup vault " + vault.backupVaultName() + " " + RecoveryPoints.holds(left), e);
      }
      points.deleteAll();
      backup.deleteBackupVault(b -> b.backupVaultName(vault.backupVaultName()));
    }
  }

  private String keyArn() {
    return ctx.read(KmsStep.OUTPUTS).keyArn();
  }

  private RecoveryPoints points(DescribeBackupVaultResponse vault) {
    return new RecoveryPoints(ctx, backup, vault.backupVaultName());
  }

  private static long hint(DescribeBackupVaultResponse vault) {
    return vault.numberOfRecoveryPoints() == null ? 0 : vault.numberOfRecoveryPoints();
  }
}
