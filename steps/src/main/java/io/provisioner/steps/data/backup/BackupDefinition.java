package io.provisioner.steps.data.backup;

import io.provisioner.steps.BasicDefinition;

/** Registers {@code data.backup} (the backup vault and plan) under the profile section {@code data.backup}. */
public final class BackupDefinition extends BasicDefinition<BackupSpec> {

  public BackupDefinition() {
    super(BackupStep.ID, "data.backup", BackupSpec.class, BackupStep::new, BackupStep.OUTPUTS);
  }
}
