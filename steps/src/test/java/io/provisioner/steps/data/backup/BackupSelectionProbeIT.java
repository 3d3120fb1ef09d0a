package io.provisioner.steps.data.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupPlanInput;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;

/**
 * What moto 5.2.1 answers for the Backup APIs it lacks, pinned so a moto upgrade that adds them is
 * noticed. Its backup backend has vaults, plans and tags, but no selection APIs and no
 * UpdateBackupPlan: those requests reach the backend's dispatcher, which has no handler and fails
 * with HTTP 500 and an HTML page (no AWS error code). The orchestrator's preflight reads exactly that
 * as "not implemented", so {@code data.backup-selection} (probe service {@code backup-selections})
 * is SKIPPED in emulator runs, while {@code data.backup} (probe service {@code backup}) runs.
 */
@ExtendWith(EmulatorExtension.class)
class BackupSelectionProbeIT {

  private TestHarness harness;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static void assertUnimplemented(AwsServiceException e, String operation) {
    assertThat(e).as(operation + " must fail on moto").isNotNull();
    assertThat(e.statusCode()).as(operation + ": moto's answer for an API its backend lacks").isEqualTo(500);
    assertThat(AwsErrors.code(e)).as(operation + ": no AWS error code, the body is an HTML page").isEmpty();
    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
  }

  @Test
  void selectionProbe_onMoto_failsTheWayThePreflightReadsAsUnsupported() {
    BackupSelectionStep step = new BackupSelectionStep(new BackupSelectionSpec("backup", "true"));
    ServiceProbe probe = step.probes().get(0);
    assertThat(probe.service()).isEqualTo(BackupSelectionStep.PROBE_SERVICE).isNotEqualTo("backup");

    AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
        () -> probe.call().accept(harness.context(step)));

    assertUnimplemented(e, "ListBackupSelections");
  }

  @Test
  void backupProbe_onMoto_passes() {
    BackupStep step = new BackupStep(BackupTestSupport.seedSpec());
    assertThat(step.probes()).extracting(ServiceProbe::service).containsExactly("backup");

    step.probes().forEach(p -> p.call().accept(harness.context(step)));
  }

  @Test
  void selectionApisAndUpdateBackupPlan_onMoto_areNotImplemented() {
    BackupClient backup = harness.client(BackupClient.class);
    String vault = "probe-" + harness.env();
    backup.createBackupVault(r -> r.backupVaultName(vault));
    BackupPlanInput plan = BackupPlanInput.builder().backupPlanName("probe-" + harness.env())
        .rules(BackupRuleInput.builder().ruleName("daily").targetBackupVaultName(vault).build()).build();
    String planId = backup.createBackupPlan(r -> r.backupPlan(plan)).backupPlanId();
    try {
      assertUnimplemented(catchThrowableOfType(AwsServiceException.class,
          () -> backup.listBackupSelections(r -> r.backupPlanId(planId))), "ListBackupSelections");
      assertUnimplemented(catchThrowableOfType(AwsServiceException.class,
          () -> backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s.selectionName("s")
              .iamRoleArn("arn:aws:iam::123456789012:role/backup").resources(List.of("*"))))), "CreateBackupSelection");
      assertUnimplemented(catchThrowableOfType(AwsServiceException.class,
          () -> backup.getBackupSelection(r -> r.backupPlanId(planId).selectionId("sel-1"))), "GetBackupSelection");
      assertUnimplemented(catchThrowableOfType(AwsServiceException.class,
          () -> backup.deleteBackupSelection(r -> r.backupPlanId(planId).selectionId("sel-1"))),
          "DeleteBackupSelection");
      assertUnimplemented(catchThrowableOfType(AwsServiceException.class,
          () -> backup.updateBackupPlan(r -> r.backupPlanId(planId).backupPlan(plan))), "UpdateBackupPlan");
    } finally {
      backup.deleteBackupPlan(r -> r.backupPlanId(planId));
      backup.deleteBackupVault(r -> r.backupVaultName(vault));
    }
  }
}
