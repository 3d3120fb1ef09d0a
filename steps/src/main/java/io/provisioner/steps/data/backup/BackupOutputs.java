package io.provisioner.steps.data.backup;

/** What {@code data.backup} publishes: the vault and the plan. */
public record BackupOutputs(String vaultName, String vaultArn, String planId, String planArn) {

  static BackupOutputs of(java.util.Map<String, String> checkpoints) {
    return new BackupOutputs(checkpoints.get(Vault.NAME), checkpoints.get(Vault.ARN), checkpoints.get(Plan.ID),
        checkpoints.get(Plan.ARN));
  }
}
