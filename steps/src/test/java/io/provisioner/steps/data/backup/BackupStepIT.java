package io.provisioner.steps.data.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupRule;
import software.amazon.awssdk.services.backup.model.GetBackupPlanResponse;

/**
 * The shared contract scenario for {@link BackupStep} on moto, plus what the vault and plan look
 * like. The drift is a tag removed from the vault, converged with TagResource. A drift of the plan's
 * rules is converged with UpdateBackupPlan, which moto 5.2.1 does not implement (HTTP 500, HTML
 * body): that path is covered request by request in {@link BackupStepTest}.
 */
class BackupStepIT extends StepContractScenario {

  private String keyArn;

  @Override
  protected void prepare(TestHarness harness) {
    keyArn = BackupTestSupport.recordKey(harness);
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step());
    } finally {
      BackupTestSupport.deleteKey(harness, keyArn);
    }
  }

  @Override
  protected Step step() {
    return new BackupStep(BackupTestSupport.seedSpec());
  }

  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    String vaultArn = harness.checkpointsOf(BackupStep.ID).get("vault.arn");
    harness.client(BackupClient.class).untagResource(r -> r.resourceArn(vaultArn).tagKeyList("CostCenter"));
  }

  @Override
  protected String expectedDriftFragment() {
    return "tags [CostCenter] are missing or differ";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    List<String> left = new ArrayList<>();
    BackupTestSupport.vaults(harness).forEach(v -> left.add("vault " + v.backupVaultName()));
    BackupTestSupport.livePlans(harness).forEach(p -> left.add("plan " + p.backupPlanName() + " " + p.backupPlanId()));
    return left;
  }

  @Test
  void create_recordsOutputs_encryptsTheVaultWithTheKey_andWritesTheSeedRules() {
    harness.create(step());

    Map<String, String> out = harness.checkpointsOf(BackupStep.ID);
    assertThat(out).containsEntry("vault.name", BackupTestSupport.vaultName(harness))
        .containsKeys("vault.arn", "plan.id", "plan.arn", "plan.versionId");
    assertThat(harness.published(BackupStep.OUTPUTS)).contains(new BackupOutputs(out.get("vault.name"),
        out.get("vault.arn"), out.get("plan.id"), out.get("plan.arn")));
    BackupClient backup = harness.client(BackupClient.class);
    assertThat(backup.describeBackupVault(r -> r.backupVaultName(out.get("vault.name"))).encryptionKeyArn())
        .isEqualTo(keyArn);
    assertThat(backup.listTags(r -> r.resourceArn(out.get("vault.arn"))).tags())
        .containsEntry(ResourceTags.ENV, harness.env()).containsEntry(ResourceTags.KEY, "vault");
    assertThat(backup.listTags(r -> r.resourceArn(out.get("plan.arn"))).tags())
        .containsEntry(ResourceTags.STEP, BackupStep.ID).containsEntry(ResourceTags.KEY, "plan");

    GetBackupPlanResponse plan = backup.getBackupPlan(r -> r.backupPlanId(out.get("plan.id")));
    assertThat(plan.backupPlan().backupPlanName()).isEqualTo(BackupTestSupport.planName(harness));
    assertThat(plan.creatorRequestId()).as("an idempotency token was sent").hasSize(50);
    BackupRule daily = plan.backupPlan().rules().stream().filter(r -> r.ruleName().equals("daily")).findFirst()
        .orElseThrow();
    assertThat(daily.targetBackupVaultName()).isEqualTo(out.get("vault.name"));
    assertThat(daily.scheduleExpression()).isEqualTo("cron(0 5 ? * * *)");
    assertThat(daily.startWindowMinutes()).isEqualTo(60L);
    assertThat(daily.completionWindowMinutes()).isEqualTo(180L);
    assertThat(daily.lifecycle().deleteAfterDays()).isEqualTo(35L);
    assertThat(daily.recoveryPointTags()).containsEntry("Environment", harness.env())
        .doesNotContainKey(ResourceTags.STEP);
    BackupRule monthly = plan.backupPlan().rules().stream().filter(r -> r.ruleName().equals("monthly")).findFirst()
        .orElseThrow();
    assertThat(monthly.lifecycle().moveToColdStorageAfterDays()).isEqualTo(30L);
    assertThat(monthly.lifecycle().deleteAfterDays()).isEqualTo(365L);
  }

  @Test
  void create_whenTheVaultExistsWithAnotherKey_failsNamingTheKey_andMakesNoPlan() {
    String otherKey = harness.client(software.amazon.awssdk.services.kms.KmsClient.class)
        .createKey(r -> r.description("another key")).keyMetadata().arn();
    try {
      harness.client(BackupClient.class).createBackupVault(r -> r.backupVaultName(BackupTestSupport.vaultName(harness))
          .encryptionKeyArn(otherKey));

      assertThatThrownBy(() -> harness.create(step()))
          .isInstanceOf(StepException.class)
          .hasMessageContaining("backup vault " + BackupTestSupport.vaultName(harness))
          .hasMessageContaining(otherKey)
          .hasMessageContaining("cannot be changed in place");
      assertThat(BackupTestSupport.livePlans(harness)).isEmpty();
      assertThat(String.join("\n", harness.verify(step()).differences()))
          .contains("backup vault " + BackupTestSupport.vaultName(harness) + ": KMS key is \"" + otherKey
              + "\", expected \"" + keyArn + "\"");
    } finally {
      BackupTestSupport.deleteKey(harness, otherKey);
    }
  }

  @Test
  void create_whenTheVaultExistsWithTheKey_adoptsAndTagsIt() {
    harness.client(BackupClient.class).createBackupVault(r -> r.backupVaultName(BackupTestSupport.vaultName(harness))
        .encryptionKeyArn(keyArn));

    harness.create(step());

    assertThat(BackupTestSupport.vaults(harness)).hasSize(1);
    assertThat(harness.verify(step()).isInSync()).isTrue();
  }

  @Test
  void verify_whenThePlanWasDeletedBehindItsBack_reportsItMissing_whileTheVaultStays() {
    harness.create(step());
    String planId = harness.checkpointsOf(BackupStep.ID).get("plan.id");
    harness.client(BackupClient.class).deleteBackupPlan(r -> r.backupPlanId(planId));

    Verification verification = harness.verify(step());

    assertThat(verification.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(verification.differences())
        .containsExactly("backup plan " + BackupTestSupport.planName(harness) + " does not exist");
  }
}
