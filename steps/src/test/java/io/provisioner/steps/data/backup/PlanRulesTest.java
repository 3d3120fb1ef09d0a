package io.provisioner.steps.data.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupPlan;
import software.amazon.awssdk.services.backup.model.BackupPlanInput;
import software.amazon.awssdk.services.backup.model.BackupRule;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;
import software.amazon.awssdk.services.backup.model.CopyAction;
import software.amazon.awssdk.services.backup.model.Lifecycle;

class PlanRulesTest {
  private static final Map<String, String> COMMON = Map.of("Environment", "prod", "Project", "provisioner");
  private static final BackupSpec SPEC = new BackupSpec(List.of(BackupSpecTest.daily(), BackupSpecTest.monthly()));

  private static BackupPlanInput desired() {
    return PlanRules.desired("provisioner-prod-plan", "provisioner-prod-vault", SPEC, COMMON);
  }

  /** The plan as AWS hands it back: rule ids, the default time zone, rules in another order. */
  private static BackupPlan asAwsReturnsIt(BackupPlanInput input) {
    List<BackupRule> rules = input.rules().stream().map(r -> BackupRule.builder()
            .ruleName(r.ruleName())
            .ruleId("id-" + r.ruleName())
            .targetBackupVaultName(r.targetBackupVaultName())
            .scheduleExpression(r.scheduleExpression())
            .scheduleExpressionTimezone("Etc/UTC")
            .startWindowMinutes(r.startWindowMinutes())
            .completionWindowMinutes(r.completionWindowMinutes())
            .lifecycle(r.lifecycle())
            .recoveryPointTags(r.recoveryPointTags())
            .build())
        .toList();
    return BackupPlan.builder().backupPlanName(input.backupPlanName())
        .rules(List.of(rules.get(1), rules.get(0))).build();
  }

  private static BackupPlan withRule(BackupPlan plan, String name, java.util.function.UnaryOperator<BackupRule.Builder> change) {
    List<BackupRule> rules = plan.rules().stream()
        .map(r -> r.ruleName().equals(name) ? change.apply(r.toBuilder()).build() : r).toList();
    return plan.toBuilder().rules(rules).build();
  }

  @Test
  void desired_buildsTheSeedRules_intoTheVault_withCommonTagsOnRecoveryPoints() {
    BackupPlanInput plan = desired();

    assertThat(plan.backupPlanName()).isEqualTo("provisioner-prod-plan");
    BackupRuleInput daily = plan.rules().get(0);
    assertThat(daily.ruleName()).isEqualTo("daily");
    assertThat(daily.targetBackupVaultName()).isEqualTo("provisioner-prod-vault");
    assertThat(daily.scheduleExpression()).isEqualTo("cron(0 5 ? * * *)");
    assertThat(daily.startWindowMinutes()).isEqualTo(60L);
    assertThat(daily.completionWindowMinutes()).isEqualTo(180L);
    assertThat(daily.lifecycle().deleteAfterDays()).isEqualTo(35L);
    assertThat(daily.lifecycle().moveToColdStorageAfterDays()).isNull();
    assertThat(daily.recoveryPointTags()).containsAllEntriesOf(COMMON);
    BackupRuleInput monthly = plan.rules().get(1);
    assertThat(monthly.lifecycle().moveToColdStorageAfterDays()).isEqualTo(30L);
    assertThat(monthly.lifecycle().deleteAfterDays()).isEqualTo(365L);
    assertThat(monthly.startWindowMinutes()).isEqualTo(480L);
  }

  @Test
  void desired_ruleTagsAddToAndOverrideCommonTags() {
    BackupSpec spec = new BackupSpec(List.of(new BackupSpec.Rule("daily", "cron(0 5 ? * * *)", 60, 180, null, 35,
        Map.of("Project", "override", "Tier", "gold"))));

    Map<String, String> tags = PlanRules.desired("p", "v", spec, COMMON).rules().get(0).recoveryPointTags();

    assertThat(tags).containsEntry("Project", "override").containsEntry("Tier", "gold")
        .containsEntry("Environment", "prod");
  }

  @Test
  void differences_ofThePlanAsAwsReturnsIt_areNone() {
    assertThat(PlanRules.differences(desired(), asAwsReturnsIt(desired()))).isEmpty();
  }

  @Test
  void differences_treatAbsentValuesAsAwsDefaults() {
    BackupSpec spec = new BackupSpec(List.of(new BackupSpec.Rule("weekly", "cron(0 5 ? * 1 *)", null, null, null, 60,
        null)));
    BackupPlanInput desired = PlanRules.desired("p", "v", spec, Map.of());
    BackupPlan actual = BackupPlan.builder().backupPlanName("p").rules(BackupRule.builder()
        .ruleName("weekly").targetBackupVaultName("v").scheduleExpression("cron(0 5 ? * 1 *)")
        .lifecycle(Lifecycle.builder().deleteAfterDays(60L).moveToColdStorageAfterDays(-1L).build())
        .build()).build();

    assertThat(PlanRules.differences(desired, actual)).isEmpty();
  }

  @Test
  void differences_nameEachChangedField() {
    BackupPlan actual = withRule(asAwsReturnsIt(desired()), "daily", r -> r
        .lifecycle(Lifecycle.builder().deleteAfterDays(30L).build())
        .scheduleExpression("cron(0 6 ? * * *)")
        .completionWindowMinutes(240L)
        .recoveryPointTags(Map.of("Environment", "prod")));

    assertThat(PlanRules.differences(desired(), actual)).containsExactlyInAnyOrder(
        "rule daily: schedule is \"cron(0 6 ? * * *)\", expected \"cron(0 5 ? * * *)\"",
        "rule daily: completionWindowMinutes is 240, expected 180",
        "rule daily: deleteAfterDays is 30, expected 35",
        "rule daily: recovery point tags is {Environment=prod}, expected {Environment=prod, Project=provisioner}");
  }

  @Test
  void differences_findMissingExtraRulesVaultCopiesAndContinuousBackup() {
    BackupPlan actual = asAwsReturnsIt(desired());
    List<BackupRule> rules = new java.util.ArrayList<>(actual.rules().stream()
        .filter(r -> !r.ruleName().equals("monthly")).toList());
    rules.add(BackupRule.builder().ruleName("hourly").targetBackupVaultName("x").build());
    actual = withRule(actual.toBuilder().rules(rules).build(), "daily", r -> r
        .targetBackupVaultName("other-vault")
        .enableContinuousBackup(true)
        .copyActions(CopyAction.builder().destinationBackupVaultArn("arn:aws:backup:us-west-2:1:backup-vault:dr").build())
        .scheduleExpressionTimezone("Europe/Berlin"));

    assertThat(PlanRules.differences(desired(), actual)).containsExactlyInAnyOrder(
        "rule monthly is missing",
        "rule hourly is not in the spec",
        "rule daily: target vault is \"other-vault\", expected \"provisioner-prod-vault\"",
        "rule daily: schedule time zone is \"Europe/Berlin\", expected \"Etc/UTC\"",
        "rule daily: continuous backup is true, expected false",
        "rule daily: copy actions is [arn:aws:backup:us-west-2:1:backup-vault:dr], expected []");
  }

  @Test
  void differences_reportARenamedPlan() {
    BackupPlan actual = asAwsReturnsIt(desired()).toBuilder().backupPlanName("old-name").build();

    assertThat(PlanRules.differences(desired(), actual))
        .containsExactly("plan name is \"old-name\", expected \"provisioner-prod-plan\"");
  }
}
