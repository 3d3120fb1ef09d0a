package io.provisioner.steps.data.backup;

import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;

/** Registers {@code data.backup} (the backup vault and plan) under the profile section {@code data.backup}. */
public final class BackupDefinition implements StepDefinition<BackupSpec> {

  @Override
  public String id() {
    return BackupStep.ID;
  }

  @Override
  public String section() {
    return "data.backup";
  }

  @Override
  public Class<BackupSpec> specType() {
    return BackupSpec.class;
  }

  @Override
  public java.util.Optional<io.provisioner.steps.OutputRef<?>> outputs() {
    return java.util.Optional.of(BackupStep.OUTPUTS);
  }

  @Override
  public Step step(BackupSpec spec) {
    return new BackupStep(spec);
  }
}
