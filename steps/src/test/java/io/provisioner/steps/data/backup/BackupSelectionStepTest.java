package io.provisioner.steps.data.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Verification;
import io.provisioner.steps.security.iam.IamOutputs;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.testing.WireMockStepContext;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link BackupSelectionStep} request by request against stubbed AWS Backup endpoints (the SDK's
 * real REST paths): moto 5.2.1 implements none of the selection APIs (each answers HTTP 500 with an
 * HTML page, see {@link BackupSelectionProbeIT}).
 */
class BackupSelectionStepTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLAN_ID = "8f81f553-3a74-4a3f-b93d-b3360dc80c50";
  private static final String ROLE = "arn:aws:iam::111122223333:role/provisioner/provisioner-wm-backup";
  private static final String OTHER_ROLE = "arn:aws:iam::111122223333:role/someone-else";
  private static final String NAME = "provisioner-wm-tagged";
  private static final String SELECTIONS = "/backup/plans/" + PLAN_ID + "/selections/";
  private static final BackupOutputs PLAN = new BackupOutputs("provisioner-wm-vault",
      "arn:aws:backup:us-east-1:111122223333:backup-vault:provisioner-wm-vault", PLAN_ID,
      "arn:aws:backup:us-east-1:111122223333:backup-plan:" + PLAN_ID);

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private WireMockStepContext ctx;
  private final BackupSelectionStep step = new BackupSelectionStep(new BackupSelectionSpec("backup", "true"));

  @BeforeEach
  void start() {
    ctx = context(ROLE);
  }

  /** The step's context, with the plan of data.backup and {@code role} as security.iam's backup role. */
  private static WireMockStepContext context(String role) {
    return BackupStubs.context(wm.baseUrl(), BackupSelectionStep.ID)
        .published(BackupStep.OUTPUTS, PLAN)
        .published(IamStep.OUTPUTS, new IamOutputs(Map.of("backup", role), null))
        .build();
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  // ---------------------------------------------------------------- stubs

  private static void stubList(String... selectionIds) {
    wm.stubFor(get(urlPathEqualTo(SELECTIONS)).willReturn(okJson(list(selectionIds))));
  }

  /** The list of selections in one state of a scenario. */
  private static void stubListIn(String scenario, String state, String... selectionIds) {
    wm.stubFor(get(urlPathEqualTo(SELECTIONS)).inScenario(scenario).whenScenarioStateIs(state)
        .willReturn(okJson(list(selectionIds))));
  }

  private static String list(String... selectionIds) {
    ArrayNode list = JSON.createArrayNode();
    for (String id : selectionIds) {
      list.addObject().put("SelectionId", id).put("SelectionName", NAME).put("BackupPlanId", PLAN_ID)
          .put("IamRoleArn", ROLE);
    }
    list.addObject().put("SelectionId", "not-ours").put("SelectionName", "someone-elses").put("BackupPlanId", PLAN_ID);
    ObjectNode page = JSON.createObjectNode();
    page.set("BackupSelectionsList", list);
    return page.toString();
  }

  /** A selection as GetBackupSelection returns it, with the empty lists AWS fills in. */
  private static void stubSelection(String id, String role, String tagValue) {
    ObjectNode response = JSON.createObjectNode().put("SelectionId", id).put("BackupPlanId", PLAN_ID);
    ObjectNode selection = response.putObject("BackupSelection").put("SelectionName", NAME).put("IamRoleArn", role);
    selection.putArray("Resources").add("*");
    selection.putArray("NotResources");
    selection.putArray("ListOfTags");
    ObjectNode conditions = selection.putObject("Conditions");
    conditions.putArray("StringEquals").addObject().put("ConditionKey", "aws:ResourceTag/backup")
        .put("ConditionValue", tagValue);
    conditions.putArray("StringNotEquals");
    conditions.putArray("StringLike");
    conditions.putArray("StringNotLike");
    wm.stubFor(get(urlPathEqualTo(SELECTIONS + id)).willReturn(okJson(response.toString())));
  }

  private static void stubCreate(String newId) {
    wm.stubFor(put(urlPathEqualTo(SELECTIONS))
        .willReturn(okJson("{\"SelectionId\":\"" + newId + "\",\"BackupPlanId\":\"" + PLAN_ID + "\"}")));
  }

  private static List<ServeEvent> mutatingRequests() {
    return wm.getAllServeEvents().stream()
        .filter(e -> !e.getRequest().getMethod().getName().equals("GET"))
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .toList();
  }

  private static String creatorRequestIdOf(ServeEvent event) {
    try {
      return JSON.readTree(event.getRequest().getBodyAsString()).path("CreatorRequestId").asText();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("CreateBackupSelection sent no JSON body", e);
    }
  }

  // ---------------------------------------------------------------- create

  @Test
  void create_whenNoSelectionExists_sendsRoleTagConditionAndToken_onThePlan() {
    stubList();
    stubCreate("sel-1");
    stubSelection("sel-1", ROLE, "true");

    step.create(ctx);

    wm.verify(1, putRequestedFor(urlPathEqualTo(SELECTIONS))
        .withRequestBody(matchingJsonPath("$.BackupSelection.SelectionName", equalTo(NAME)))
        .withRequestBody(matchingJsonPath("$.BackupSelection.IamRoleArn", equalTo(ROLE)))
        .withRequestBody(matchingJsonPath("$.BackupSelection.Resources[0]", equalTo("*")))
        .withRequestBody(matchingJsonPath("$.BackupSelection.Conditions.StringEquals[0].ConditionKey",
            equalTo("aws:ResourceTag/backup")))
        .withRequestBody(matchingJsonPath("$.BackupSelection.Conditions.StringEquals[0].ConditionValue",
            equalTo("true")))
        .withRequestBody(matchingJsonPath("$.CreatorRequestId", matching("[0-9a-f]{50}"))));
    assertThat(mutatingRequests()).hasSize(1);
    assertThat(wm.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith(SELECTIONS)
        && e.getRequest().getMethod().getName().equals("PUT")).findFirst().orElseThrow().getRequest()
        .getBodyAsString()).doesNotContain("ListOfTags").doesNotContain("NotResources");
    assertThat(ctx.checkpointMap()).containsEntry("selection.id", "sel-1").containsEntry("selection.planId", PLAN_ID);
  }

  @Test
  void create_whenTheCreateIsRetried_sendsTheSameToken() {
    stubList();
    stubCreate("sel-1");
    stubSelection("sel-1", ROLE, "true");

    step.create(ctx);
    ctx.checkpoints().remove("selection.id");
    step.create(ctx);

    List<ServeEvent> creates = mutatingRequests();
    assertThat(creates).hasSize(2);
    assertThat(creatorRequestIdOf(creates.get(0))).isEqualTo(creatorRequestIdOf(creates.get(1)));
  }

  @Test
  void create_whenAMatchingSelectionExists_makesNoMutatingCall() {
    stubList("sel-1");
    stubSelection("sel-1", ROLE, "true");

    step.create(ctx);

    assertThat(mutatingRequests()).isEmpty();
    assertThat(ctx.checkpointMap()).containsEntry("selection.id", "sel-1").containsEntry("selection.planId", PLAN_ID);
    assertThat(step.verify(ctx).isInSync()).isTrue();
  }

  @Test
  void create_whenTheSelectionDiffers_deletesItFirst_thenCreatesItAgain_withAnotherToken() {
    stubListIn("replace", Scenario.STARTED, "sel-old");
    stubSelection("sel-old", OTHER_ROLE, "true");
    wm.stubFor(delete(urlPathEqualTo(SELECTIONS + "sel-old")).inScenario("replace").willSetStateTo("deleted")
        .willReturn(okJson("{}")));
    wm.stubFor(get(urlPathEqualTo(SELECTIONS + "sel-old")).inScenario("replace").whenScenarioStateIs("deleted")
        .willReturn(BackupStubs.awsError(400, "ResourceNotFoundException", "Selection not found")));
    stubListIn("replace", "deleted", "sel-new");
    stubCreate("sel-new");
    stubSelection("sel-new", ROLE, "true");

    step.create(ctx);

    List<ServeEvent> mutations = mutatingRequests();
    assertThat(mutations).extracting(e -> e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl())
        .containsExactly("DELETE " + SELECTIONS + "sel-old", "PUT " + SELECTIONS);
    wm.verify(putRequestedFor(urlPathEqualTo(SELECTIONS))
        .withRequestBody(matchingJsonPath("$.BackupSelection.IamRoleArn", equalTo(ROLE))));
    assertThat(ctx.checkpointMap()).containsEntry("selection.id", "sel-new");

    wm.resetAll();
    stubList();
    stubCreate("sel-other");
    stubSelection("sel-other", OTHER_ROLE, "true");
    try (WireMockStepContext otherRole = context(OTHER_ROLE)) {
      step.create(otherRole);
    }
    String otherRoleToken = creatorRequestIdOf(mutatingRequests().get(0));
    assertThat(creatorRequestIdOf(mutations.get(1))).as("another document is another request")
        .isNotEqualTo(otherRoleToken);
  }

  @Test
  void create_whenTwoSelectionsHaveOurName_keepsTheMatchingOne_andDeletesTheTwin() {
    stubListIn("twins", Scenario.STARTED, "sel-1", "sel-2");
    stubSelection("sel-1", ROLE, "true");
    stubSelection("sel-2", ROLE, "true");
    wm.stubFor(delete(urlPathEqualTo(SELECTIONS + "sel-2")).inScenario("twins").willSetStateTo("one")
        .willReturn(okJson("{}")));
    stubListIn("twins", "one", "sel-1");

    step.create(ctx);

    assertThat(mutatingRequests()).extracting(e -> e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl())
        .containsExactly("DELETE " + SELECTIONS + "sel-2");
    assertThat(ctx.checkpointMap()).containsEntry("selection.id", "sel-1");
  }

  // ---------------------------------------------------------------- verify

  @Test
  void verify_whenTheSelectionDiffers_reportsTheDrift() {
    stubList("sel-1");
    stubSelection("sel-1", OTHER_ROLE, "yes");

    Verification verification = step.verify(ctx);

    assertThat(verification.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(verification.differences()).containsExactly(
        "backup selection " + NAME + " on plan " + PLAN_ID + ": IAM role is " + OTHER_ROLE + ", expected " + ROLE,
        "backup selection " + NAME + " on plan " + PLAN_ID + ": conditions StringEquals is [aws:ResourceTag/backup=yes], "
            + "expected [aws:ResourceTag/backup=true]");
  }

  @Test
  void verify_whenNoSelectionOrNoPlan_isMissing() {
    stubList();
    assertThat(step.verify(ctx).status()).isEqualTo(Verification.Status.MISSING);

    wm.stubFor(get(urlPathEqualTo(SELECTIONS))
        .willReturn(BackupStubs.awsError(400, "ResourceNotFoundException", "Backup plan not found")));
    assertThat(step.verify(ctx).status()).isEqualTo(Verification.Status.MISSING);
  }

  // ---------------------------------------------------------------- rollback

  @Test
  void rollback_deletesTheRecordedSelection_andASecondRollbackIsHarmless() {
    ctx.checkpoints().put("selection.id", "sel-1");
    ctx.checkpoints().put("selection.planId", PLAN_ID);
    stubList();
    stubSelection("sel-1", ROLE, "true");
    wm.stubFor(delete(urlPathEqualTo(SELECTIONS + "sel-1")).willReturn(okJson("{}")));

    step.rollback(ctx);
    step.rollback(ctx);

    wm.verify(1, deleteRequestedFor(urlPathEqualTo(SELECTIONS + "sel-1")));
    assertThat(ctx.checkpointMap()).isEmpty();
  }

  @Test
  void rollback_whenTheSelectionIsAlreadyGone_isDone() {
    ctx.checkpoints().put("selection.id", "sel-1");
    ctx.checkpoints().put("selection.planId", PLAN_ID);
    stubList();
    wm.stubFor(delete(urlPathEqualTo(SELECTIONS + "sel-1"))
        .willReturn(BackupStubs.awsError(400, "ResourceNotFoundException", "Selection not found")));

    step.rollback(ctx);

    assertThat(ctx.checkpointMap()).isEmpty();
  }

  @Test
  void rollback_findsAnUnrecordedSelectionOfOurName_andLeavesOthersAlone() {
    stubList("sel-lost");
    stubSelection("sel-lost", ROLE, "true");
    wm.stubFor(delete(urlPathEqualTo(SELECTIONS + "sel-lost")).willReturn(okJson("{}")));

    step.rollback(ctx);

    assertThat(mutatingRequests()).extracting(e -> e.getRequest().getUrl())
        .containsExactly(SELECTIONS + "sel-lost");
  }

  // ---------------------------------------------------------------- probe

  @Test
  void probe_whenTheServiceAnswersNotFoundForTheMadeUpPlan_passes() {
    wm.stubFor(get(urlPathEqualTo("/backup/plans/" + BackupSelectionStep.PROBE_PLAN_ID + "/selections/"))
        .willReturn(BackupStubs.awsError(400, "ResourceNotFoundException", "Backup plan not found")));
    ServiceProbe probe = step.probes().get(0);

    assertThat(probe.service()).isEqualTo("backup-selections");
    assertThatCode(() -> probe.call().accept(ctx)).doesNotThrowAnyException();
  }
}
