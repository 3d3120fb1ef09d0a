package io.provisioner.steps.data.backup;

import io.provisioner.steps.security.kms.KmsOutputs;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupPlansListMember;
import software.amazon.awssdk.services.backup.model.BackupVaultListMember;
import software.amazon.awssdk.services.kms.KmsClient;

/** What the Backup ITs arrange and read in the emulator, outside any step. */
final class BackupTestSupport {
  private BackupTestSupport() {}

  /** The seed's prod rules: daily and monthly. */
  static BackupSpec seedSpec() {
    return new BackupSpec(List.of(BackupSpecTest.daily(), BackupSpecTest.monthly()));
  }

  /** Creates a KMS key as security.kms would and publishes it as that step's outputs; returns its ARN. */
  static String recordKey(TestHarness harness) {
    String arn = harness.client(KmsClient.class).createKey(r -> r.description("backup IT key " + harness.env()))
        .keyMetadata().arn();
    harness.publish(KmsStep.ID, new KmsOutputs(arn.substring(arn.lastIndexOf('/') + 1), arn,
        "alias/provisioner-" + harness.env(), null, null));
    return arn;
  }

  /** Schedules the deletion of a key made by {@link #recordKey} (by id: moto rejects an ARN here). */
  static void deleteKey(TestHarness harness, String keyArn) {
    String keyId = keyArn.substring(keyArn.lastIndexOf('/') + 1);
    harness.client(KmsClient.class).scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
  }

  static String vaultName(TestHarness harness) {
    return "provisioner-" + harness.env() + "-vault";
  }

  static String planName(TestHarness harness) {
    return "provisioner-" + harness.env() + "-plan";
  }

  /** Vaults with the environment's vault name. */
  static List<BackupVaultListMember> vaults(TestHarness harness) {
    return harness.client(BackupClient.class).listBackupVaultsPaginator(r -> { }).backupVaultList().stream()
        .filter(v -> vaultName(harness).equals(v.backupVaultName())).toList();
  }

  /** Live (not deleted) plans with the environment's plan name. */
  static List<BackupPlansListMember> livePlans(TestHarness harness) {
    return harness.client(BackupClient.class).listBackupPlansPaginator(r -> { }).backupPlansList().stream()
        .filter(p -> planName(harness).equals(p.backupPlanName()) && p.deletionDate() == null).toList();
  }
}
