package io.provisioner.steps.data.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import io.provisioner.steps.testing.WireMockStepContext;
import org.junit.jupiter.api.Test;

class BackupNamesTest {

  @Test
  void names_comeFromProjectAndEnvironment() {
    try (WireMockStepContext ctx = BackupStubs.context("http://localhost:1", BackupStep.ID, "prod").build()) {
      assertThat(BackupNames.vault(ctx)).isEqualTo("provisioner-prod-vault");
      assertThat(BackupNames.plan(ctx)).isEqualTo("provisioner-prod-plan");
      assertThat(BackupNames.selection(ctx)).isEqualTo("provisioner-prod-tagged");
    }
  }

  @Test
  void names_longerThanAwsAllows_failBeforeAnyCall_sayingWhatToShorten() {
    try (WireMockStepContext ctx = BackupStubs.context("http://localhost:1", BackupStep.ID, "e".repeat(40)).build()) {
      assertThatThrownBy(() -> BackupNames.vault(ctx))
          .isInstanceOf(StepException.class)
          .hasMessageContaining("backup vault name 'provisioner-" + "e".repeat(40) + "-vault'")
          .hasMessageContaining("2-50 letters")
          .hasMessageContaining("shorten");
    }
  }

  @Test
  void vaultNames_takeNoDots_whilePlanNamesDo() {
    try (WireMockStepContext ctx = BackupStubs.context("http://localhost:1", BackupStep.ID, "prod.eu").build()) {
      assertThatThrownBy(() -> BackupNames.vault(ctx)).isInstanceOf(StepException.class);
      assertThat(BackupNames.plan(ctx)).isEqualTo("provisioner-prod.eu-plan");
    }
  }
}
