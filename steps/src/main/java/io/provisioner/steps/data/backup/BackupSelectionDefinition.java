package io.provisioner.steps.data.backup;

import io.provisioner.steps.BasicDefinition;

/** Registers {@code data.backup-selection} (what the backup plan selects) under the profile section {@code data.backupSelection}. */
public final class BackupSelectionDefinition extends BasicDefinition<BackupSelectionSpec> {

  public BackupSelectionDefinition() {
    super(BackupSelectionStep.ID, "data.backupSelection", BackupSelectionSpec.class, BackupSelectionStep::new, null);
  }
}
