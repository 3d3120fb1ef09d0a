package io.provisioner.steps.data.backup;

import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;

/** Registers {@code data.backup-selection} (what the backup plan selects) under the profile section {@code data.backupSelection}. */
public final class BackupSelectionDefinition implements StepDefinition<BackupSelectionSpec> {

  @Override
  public String id() {
    return BackupSelectionStep.ID;
  }

  @Override
  public String section() {
    return "data.backupSelection";
  }

  @Override
  public Class<BackupSelectionSpec> specType() {
    return BackupSelectionSpec.class;
  }

  @Override
  public Step step(BackupSelectionSpec spec) {
    return new BackupSelectionStep(spec);
  }
}
