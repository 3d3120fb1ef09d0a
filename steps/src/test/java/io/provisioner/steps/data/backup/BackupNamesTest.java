package io.provisioner.steps.data.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import org.junit.jupiter.api.Test;

class BackupNamesTest {

  @Test
  void names_comeFromProjectAndEnvironment() {
    try (BackupWireMockContext ctx = new BackupWireMockContext("http://localhost:1", BackupStep.ID, "prod")) {
      assertThat(BackupNames.vault(ctx)).isEqualTo("provisioner-prod-vault");
      assertThat(BackupNames.plan(ctx)).isEqualTo("provisioner-prod-plan");
      assertThat(BackupNames.selection(ctx)).isEqualTo("provisioner-prod-tagged");
    }
  }

  @Test
  void names_longerThanAwsAllows_failBeforeAnyCall_sayingWhatToShorten() {
    try (BackupWireMockContext ctx = new BackupWireMockContext("http://localhost:1", BackupStep.ID, "e".repeat(40))) {
      assertThatThrownBy(() -> BackupNames.vault(ctx))
          .isInstanceOf(StepException.class)
          .hasMessageContaining("backup vault name 'provisioner-" + "e".repeat(40) + "-vault'")
          .hasMessageContaining("2-50 letters")
          .hasMessageContaining("shorten");
    }
  }

  @Test
  void vaultNames_takeNoDots_whilePlanNamesDo() {
    try (BackupWireMockContext ctx = new BackupWireMockContext("http://localhost:1", BackupStep.ID, "prod.eu")) {
      assertThatThrownBy(() -> BackupNames.vault(ctx)).isInstanceOf(StepException.class);
      assertThat(BackupNames.plan(ctx)).isEqualTo("provisioner-prod.eu-plan");
    }
  }
}
