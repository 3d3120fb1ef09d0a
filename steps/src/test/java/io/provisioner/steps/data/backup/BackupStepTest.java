package io.provisioner.steps.data.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.security.kms.KmsOutputs;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.WireMockStepContext;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link BackupStep} request by request against stubbed AWS Backup endpoints (the SDK's real REST
 * paths), for what moto 5.2.1 cannot show: UpdateBackupPlan (not implemented: HTTP 500 with an HTML
 * page), vaults holding recovery points (moto cannot make one: StartBackupJob and
 * ListRecoveryPointsByBackupVault answer 404) and a plan that still has selections.
 */
class BackupStepTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String VAULT = "provisioner-wm-vault";
  private static final String VAULT_ARN = "arn:aws:backup:us-east-1:111122223333:backup-vault:" + VAULT;
  private static final String PLAN = "provisioner-wm-plan";
  private static final String PLAN_ID = "8f81f553-3a74-4a3f-b93d-b3360dc80c50";
  private static final String PLAN_ARN = "arn:aws:backup:us-east-1:111122223333:backup-plan:" + PLAN_ID;
  private static final String RP_1 = "arn:aws:backup:us-east-1:111122223333:recovery-point:rp-1";
  private static final String RP_2 = "arn:aws:backup:us-east-1:111122223333:recovery-point:rp-2";

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private WireMockStepContext ctx;
  private final BackupStep step = new BackupStep(BackupTestSupport.seedSpec());

  @BeforeEach
  void start() {
    ctx = BackupStubs.context(wm.baseUrl(), BackupStep.ID)
        .published(KmsStep.OUTPUTS, new KmsOutputs(KEY.substring(KEY.lastIndexOf('/') + 1), KEY, "alias/wm", null, null))
        .build();
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  // ---------------------------------------------------------------- stubs

  private static void stubError(MappingBuilder request, int status, String code, String message) {
    wm.stubFor(request.willReturn(BackupStubs.awsError(status, code, message)));
  }

  private void stubVault(long recoveryPoints) {
    wm.stubFor(get(urlPathEqualTo("/backup-vaults/" + VAULT)).willReturn(okJson(vaultJson(recoveryPoints))));
  }

  private static String vaultJson(long recoveryPoints) {
    return JSON.createObjectNode().put("BackupVaultName", VAULT).put("BackupVaultArn", VAULT_ARN)
        .put("EncryptionKeyArn", KEY).put("NumberOfRecoveryPoints", recoveryPoints).toString();
  }

  private void stubTags() {
    ObjectNode vaultTags = JSON.createObjectNode();
    vaultTags.set("Tags", JSON.valueToTree(ctx.tags().forKey("vault")));
    wm.stubFor(get(urlPathMatching("/tags/arn.*backup-vault.*")).willReturn(okJson(vaultTags.toString())));
    ObjectNode planTags = JSON.createObjectNode();
    planTags.set("Tags", JSON.valueToTree(ctx.tags().forKey("plan")));
    wm.stubFor(get(urlPathMatching("/tags/arn.*backup-plan.*")).willReturn(okJson(planTags.toString())));
  }

  /** The plan as AWS returns it: rule ids, time zone filled in, rules in reverse order. */
  private ObjectNode rule(String name, String schedule, long start, long completion, Long cold, long delete) {
    ObjectNode rule = JSON.createObjectNode()
        .put("RuleName", name).put("RuleId", "rule-" + name).put("TargetBackupVaultName", VAULT)
        .put("ScheduleExpression", schedule).put("ScheduleExpressionTimezone", "Etc/UTC")
        .put("StartWindowMinutes", start).put("CompletionWindowMinutes", completion);
    ObjectNode lifecycle = rule.putObject("Lifecycle").put("DeleteAfterDays", delete);
    if (cold != null) {
      lifecycle.put("MoveToColdStorageAfterDays", cold);
    }
    rule.set("RecoveryPointTags", JSON.valueToTree(ctx.tags().common()));
    return rule;
  }

  private void stubPlan(long dailyDeleteAfterDays) {
    wm.stubFor(get(urlPathEqualTo("/backup/plans/" + PLAN_ID + "/")).willReturn(okJson(planJson(dailyDeleteAfterDays,
        "version-1"))));
  }

  private String planJson(long dailyDeleteAfterDays, String version) {
    ObjectNode plan = JSON.createObjectNode().put("BackupPlanId", PLAN_ID).put("BackupPlanArn", PLAN_ARN)
        .put("VersionId", version).put("CreatorRequestId", "token");
    ObjectNode document = plan.putObject("BackupPlan").put("BackupPlanName", PLAN);
    ArrayNode rules = document.putArray("Rules");
    rules.add(rule("monthly", "cron(0 5 1 * ? *)", 480, 10080, 30L, 365));
    rules.add(rule("daily", "cron(0 5 ? * * *)", 60, 180, null, dailyDeleteAfterDays));
    return plan.toString();
  }

  private void recordPlan() {
    ctx.checkpoints().put("vault.name", VAULT);
    ctx.checkpoints().put("vault.arn", VAULT_ARN);
    ctx.checkpoints().put("plan.id", PLAN_ID);
    ctx.checkpoints().put("plan.arn", PLAN_ARN);
    ctx.checkpoints().put("plan.versionId", "version-1");
  }

  private static List<ServeEvent> mutatingRequests() {
    return wm.getAllServeEvents().stream()
        .filter(e -> !e.getRequest().getMethod().getName().equals("GET"))
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .toList();
  }

  // ---------------------------------------------------------------- create

  @Test
  void create_whenPlanRulesDrifted_updatesThePlanInPlace_waitsForTheNewRules_andRecordsTheNewVersion() {
    recordPlan();
    stubVault(0);
    stubTags();
    String plan = "/backup/plans/" + PLAN_ID + "/";
    wm.stubFor(get(urlPathEqualTo(plan)).inScenario("update").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson(planJson(30, "version-1"))));
    wm.stubFor(post(urlEqualTo("/backup/plans/" + PLAN_ID)).inScenario("update").willSetStateTo("updated")
        .willReturn(okJson("{\"BackupPlanId\":\"" + PLAN_ID + "\",\"BackupPlanArn\":\"" + PLAN_ARN
            + "\",\"VersionId\":\"version-2\"}")));
    wm.stubFor(get(urlPathEqualTo(plan)).inScenario("update").whenScenarioStateIs("updated")
        .willReturn(okJson(planJson(35, "version-2"))));

    step.create(ctx);

    wm.verify(1, postRequestedFor(urlEqualTo("/backup/plans/" + PLAN_ID))
        .withRequestBody(matchingJsonPath("$.BackupPlan.BackupPlanName", equalTo(PLAN)))
        .withRequestBody(matchingJsonPath("$.BackupPlan.Rules[0].RuleName", equalTo("daily")))
        .withRequestBody(matchingJsonPath("$.BackupPlan.Rules[0].Lifecycle.DeleteAfterDays", equalTo("35")))
        .withRequestBody(matchingJsonPath("$.BackupPlan.Rules[0].TargetBackupVaultName", equalTo(VAULT)))
        .withRequestBody(matchingJsonPath("$.BackupPlan.Rules[1].RuleName", equalTo("monthly"))));
    assertThat(mutatingRequests()).as("only the update: no new plan, no tagging").hasSize(1);
    assertThat(ctx.checkpointMap()).containsEntry("plan.id", PLAN_ID).containsEntry("plan.versionId", "version-2");
  }

  @Test
  void create_whenPlanRulesMatchInAnotherShape_makesNoMutatingCall() {
    recordPlan();
    stubVault(0);
    stubTags();
    stubPlan(35);

    step.create(ctx);

    assertThat(mutatingRequests()).isEmpty();
    assertThat(step.verify(ctx).isInSync()).isTrue();
  }

  @Test
  void verify_whenPlanRulesDrifted_namesTheRuleAndField() {
    recordPlan();
    stubVault(0);
    stubTags();
    stubPlan(30);

    Verification verification = step.verify(ctx);

    assertThat(verification.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(verification.differences()).containsExactly(
        "backup plan " + PLAN + ": rule daily: deleteAfterDays is 30, expected 35");
  }

  // ---------------------------------------------------------------- rollback

  private void stubPlanGone() {
    stubError(get(urlPathEqualTo("/backup/plans/" + PLAN_ID + "/")), 400, "ResourceNotFoundException",
        "Failed reading Backup plan with provided version");
    wm.stubFor(get(urlPathEqualTo("/backup/plans/")).willReturn(okJson("{\"BackupPlansList\":[]}")));
  }

  private static String recoveryPoints(String... arns) {
    ArrayNode points = JSON.createArrayNode();
    for (String arn : arns) {
      points.addObject().put("RecoveryPointArn", arn).put("BackupVaultName", VAULT).put("Status", "COMPLETED");
    }
    ObjectNode page = JSON.createObjectNode();
    page.set("RecoveryPoints", points);
    return page.toString();
  }

  @Test
  void rollback_whenTheVaultHoldsRecoveryPoints_withoutDeleteData_failsNamingVaultCountAndFlag() {
    recordPlan();
    stubPlanGone();
    stubVault(2);
    wm.stubFor(get(urlPathEqualTo("/backup-vaults/" + VAULT + "/recovery-points/"))
        .willReturn(okJson(recoveryPoints(RP_1, RP_2))));

    assertThatThrownBy(() -> step.rollback(ctx))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("backup vault " + VAULT)
        .hasMessageContaining("holds 2 recovery points")
        .hasMessageContaining("--delete-data");

    assertThat(mutatingRequests()).as("no backup and no vault deleted").isEmpty();
    assertThat(ctx.checkpointMap()).containsEntry("vault.name", VAULT).doesNotContainKey("plan.id");
  }

  @Test
  void rollback_withDeleteData_deletesTheRecoveryPoints_waitsForThem_thenDeletesTheVault() {
    ctx.deleteData(true);
    recordPlan();
    stubPlanGone();
    stubVault(2);
    wm.stubFor(get(urlPathEqualTo("/backup-vaults/" + VAULT + "/recovery-points/")).inScenario("points")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("deleting")
        .willReturn(okJson(recoveryPoints(RP_1, RP_2))));
    wm.stubFor(get(urlPathEqualTo("/backup-vaults/" + VAULT + "/recovery-points/")).inScenario("points")
        .whenScenarioStateIs("deleting").willSetStateTo("gone")
        .willReturn(okJson(recoveryPoints(RP_2))));
    wm.stubFor(get(urlPathEqualTo("/backup-vaults/" + VAULT + "/recovery-points/")).inScenario("points")
        .whenScenarioStateIs("gone").willReturn(okJson(recoveryPoints())));
    wm.stubFor(delete(urlPathMatching("/backup-vaults/" + VAULT + "/recovery-points/.+")).willReturn(okJson("{}")));
    wm.stubFor(delete(urlPathEqualTo("/backup-vaults/" + VAULT)).willReturn(aResponse().withStatus(200)));

    step.rollback(ctx);

    List<ServeEvent> deletes = mutatingRequests();
    assertThat(deletes).extracting(e -> e.getRequest().getUrl())
        .hasSize(3)
        .satisfies(urls -> {
          assertThat(urls.get(0)).contains("/recovery-points/").contains("rp-1");
          assertThat(urls.get(1)).contains("/recovery-points/").contains("rp-2");
          assertThat(urls.get(2)).isEqualTo("/backup-vaults/" + VAULT);
        });
    assertThat(wm.countRequestsMatching(anyRequestedFor(urlPathEqualTo("/backup-vaults/" + VAULT + "/recovery-points/"))
        .build()).getCount()).as("listed, then polled until empty").isEqualTo(3);
    assertThat(ctx.checkpointMap()).isEmpty();
  }

  @Test
  void rollback_whenTheCountSaidEmptyButTheDeleteIsRefused_listsTheRecoveryPoints() {
    recordPlan();
    stubPlanGone();
    stubVault(0);
    stubError(delete(urlPathEqualTo("/backup-vaults/" + VAULT)), 400, "InvalidRequestException",
        "Backup vault cannot be deleted because it contains recovery points");
    wm.stubFor(get(urlPathEqualTo("/backup-vaults/" + VAULT + "/recovery-points/"))
        .willReturn(okJson(recoveryPoints(RP_1))));

    assertThatThrownBy(() -> step.rollback(ctx))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("backup vault " + VAULT + " holds 1 recovery point ")
        .hasMessageContaining("--delete-data");
    wm.verify(1, deleteRequestedFor(urlPathEqualTo("/backup-vaults/" + VAULT)));
  }

  @Test
  void rollback_whenThePlanStillHasSelections_saysSo_andKeepsTheVault() {
    recordPlan();
    stubVault(0);
    stubPlan(35);
    stubError(delete(urlPathEqualTo("/backup/plans/" + PLAN_ID)), 400, "InvalidRequestException",
        "Backup plan cannot be deleted because it has associated selections");

    assertThatThrownBy(() -> step.rollback(ctx))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("backup plan " + PLAN + " (" + PLAN_ID + ") cannot be deleted while it has resource "
            + "selections")
        .hasMessageContaining("roll back step " + BackupSelectionStep.ID + " first");
    wm.verify(0, deleteRequestedFor(urlPathEqualTo("/backup-vaults/" + VAULT)));
    assertThat(ctx.checkpointMap()).containsEntry("plan.id", PLAN_ID).containsEntry("vault.name", VAULT);
  }

  @Test
  void rollback_whenEverythingIsGone_isDone() {
    recordPlan();
    stubPlanGone();
    stubError(get(urlPathEqualTo("/backup-vaults/" + VAULT)), 400, "ResourceNotFoundException", VAULT);

    step.rollback(ctx);

    assertThat(mutatingRequests()).isEmpty();
    assertThat(ctx.checkpointMap()).isEmpty();
  }

  @Test
  void create_whenNothingExists_createsVaultAndPlanWithIdempotencyTokens() {
    wm.stubFor(get(urlPathEqualTo("/backup-vaults/" + VAULT)).inScenario("vault").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(BackupStubs.awsError(400, "ResourceNotFoundException", VAULT)));
    wm.stubFor(put(urlPathEqualTo("/backup-vaults/" + VAULT)).inScenario("vault").willSetStateTo("created")
        .willReturn(okJson("{\"BackupVaultName\":\"" + VAULT + "\",\"BackupVaultArn\":\"" + VAULT_ARN + "\"}")));
    wm.stubFor(get(urlPathEqualTo("/backup-vaults/" + VAULT)).inScenario("vault").whenScenarioStateIs("created")
        .willReturn(okJson(vaultJson(0))));
    stubTags();
    stubPlan(35);
    wm.stubFor(get(urlPathEqualTo("/backup/plans/")).willReturn(okJson("{\"BackupPlansList\":[]}")));
    wm.stubFor(put(urlPathEqualTo("/backup/plans/"))
        .willReturn(okJson("{\"BackupPlanId\":\"" + PLAN_ID + "\",\"BackupPlanArn\":\"" + PLAN_ARN
            + "\",\"VersionId\":\"version-1\"}")));

    step.create(ctx);

    wm.verify(1, putRequestedFor(urlPathEqualTo("/backup-vaults/" + VAULT))
        .withRequestBody(matchingJsonPath("$.EncryptionKeyArn", equalTo(KEY)))
        .withRequestBody(matchingJsonPath("$.CreatorRequestId", matching("[0-9a-f]{50}")))
        .withRequestBody(matchingJsonPath("$.BackupVaultTags['provisioner:key']", equalTo("vault"))));
    wm.verify(1, putRequestedFor(urlPathEqualTo("/backup/plans/"))
        .withRequestBody(matchingJsonPath("$.BackupPlan.BackupPlanName", equalTo(PLAN)))
        .withRequestBody(matchingJsonPath("$.CreatorRequestId", matching("[0-9a-f]{50}")))
        .withRequestBody(matchingJsonPath("$.BackupPlanTags['provisioner:key']", equalTo("plan"))));
    assertThat(mutatingRequests()).hasSize(2);
    assertThat(ctx.checkpointMap()).containsEntry("vault.arn", VAULT_ARN).containsEntry("plan.id", PLAN_ID)
        .containsEntry("plan.arn", PLAN_ARN).containsEntry("plan.versionId", "version-1")
        .as("the write-ahead intents are cleared").doesNotContainKeys("intent:vault", "intent:plan");
    assertThat(ctx.published()).isEqualTo(new BackupOutputs(VAULT, VAULT_ARN, PLAN_ID, PLAN_ARN));
  }
}
