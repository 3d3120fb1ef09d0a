package io.provisioner.steps.data.backup;

/** What {@code data.backup} publishes: the vault and the plan. */
public record BackupOutputs(String vaultName, String vaultArn, String planId, String planArn) {}
