package io.provisioner.localstack.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.AlreadyExistsException;
import software.amazon.awssdk.services.backup.model.BackupPlanInput;
import software.amazon.awssdk.services.backup.model.BackupPlansListMember;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;

/** The AWS Backup correction of the moto shim (patch 6 of moto-shim/README.md), through the SDK v2. */
@ExtendWith(EmulatorExtension.class)
class MotoShimBackupIT {

  @Test
  void aDeletedPlansNameCanBeUsedAgain_aLivePlansCannot(Emulator emulator) {
    BackupClient backup = Clients.of(BackupClient.builder(), emulator);
    String name = "shim-" + UUID.randomUUID().toString().substring(0, 8);
    BackupPlanInput plan = BackupPlanInput.builder().backupPlanName(name)
        .rules(BackupRuleInput.builder().ruleName("daily").targetBackupVaultName("Default")
            .scheduleExpression("cron(0 5 ? * * *)").build())
        .build();

    String first = backup.createBackupPlan(b -> b.backupPlan(plan)).backupPlanId();
    AlreadyExistsException duplicate = catchThrowableOfType(AlreadyExistsException.class,
        () -> backup.createBackupPlan(b -> b.backupPlan(plan)));
    assertThat(duplicate).isNotNull();

    backup.deleteBackupPlan(b -> b.backupPlanId(first));
    String second = backup.createBackupPlan(b -> b.backupPlan(plan)).backupPlanId();

    assertThat(second).isNotEqualTo(first);
    assertThat(backup.listBackupPlans(b -> {}).backupPlansList()).extracting(BackupPlansListMember::backupPlanId)
        .contains(second).doesNotContain(first);
    backup.deleteBackupPlan(b -> b.backupPlanId(second));
  }
}
