/**
 * Steps {@code data.backup} and {@code data.backup-selection} (seed 000 §AWS Backup): the
 * environment's backup vault (encrypted with the key of {@code security.kms}) and backup plan with
 * its windows and retention, and the tag-based resource selection that puts resources under the
 * plan with the Backup service role of {@code security.iam}. {@link
 * io.provisioner.steps.data.backup.BackupStep}, {@link io.provisioner.steps.data.backup.BackupSpec},
 * {@link io.provisioner.steps.data.backup.BackupSelectionStep} and {@link
 * io.provisioner.steps.data.backup.BackupSelectionSpec} are the public face; the rest is
 * package-private.
 */
package io.provisioner.steps.data.backup;
