package io.provisioner.steps.data.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.testing.TestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A create whose response is lost never leaves a twin vault or plan: the next run adopts it. */
@ExtendWith(EmulatorExtension.class)
class BackupLostResponseIT {

  private TestHarness harness;
  private BackupStep step;
  private String keyArn;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    keyArn = BackupTestSupport.recordKey(harness);
    step = new BackupStep(BackupTestSupport.seedSpec());
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
      BackupTestSupport.deleteKey(harness, keyArn);
    } finally {
      harness.close();
    }
  }

  @Test
  void create_whenCreateBackupVaultResponseIsLost_adoptsTheVaultOnTheNextRun() {
    harness.dropper().dropNext("CreateBackupVault", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create backup vault " + BackupTestSupport.vaultName(harness));
    assertThat(harness.dropper().droppedCount("CreateBackupVault")).isEqualTo(1);
    assertThat(harness.checkpointsOf(BackupStep.ID)).doesNotContainKey("vault.arn").containsKey("intent:vault");
    assertThat(BackupTestSupport.vaults(harness)).as("the vault was made although its response was lost").hasSize(1);

    harness.create(step);

    assertThat(BackupTestSupport.vaults(harness)).hasSize(1);
    assertThat(harness.checkpointsOf(BackupStep.ID))
        .containsEntry("vault.arn", BackupTestSupport.vaults(harness).get(0).backupVaultArn())
        .containsKey("plan.id");
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_whenCreateBackupPlanResponseIsLost_adoptsThePlanOnTheNextRun() {
    harness.dropper().dropNext("CreateBackupPlan", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("simulated lost response of CreateBackupPlan");
    assertThat(harness.checkpointsOf(BackupStep.ID)).containsKey("vault.arn").doesNotContainKey("plan.id");
    assertThat(BackupTestSupport.livePlans(harness)).hasSize(1);

    harness.counter().reset(BackupStep.ID);
    harness.create(step);

    assertThat(harness.counter().mutations(BackupStep.ID)).as("adopting the plan needs no mutating call").isZero();
    assertThat(BackupTestSupport.livePlans(harness)).hasSize(1);
    assertThat(harness.checkpointsOf(BackupStep.ID))
        .containsEntry("plan.id", BackupTestSupport.livePlans(harness).get(0).backupPlanId());
    assertThat(harness.verify(step).isInSync()).isTrue();
  }
}
