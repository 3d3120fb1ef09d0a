package io.provisioner.steps.org.controltower;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.org.controltower.ControlTowerSpec.Control;
import io.provisioner.steps.org.organization.OrganizationOutputs;
import io.provisioner.steps.org.organization.OrganizationStep;
import io.provisioner.steps.testing.WireMockStepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ControlTowerStep} against stubbed Control Tower endpoints (the SDK's real REST paths). */
class ControlTowerStepTest {
  private static final String ROOT_KEYS = "AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS";
  private static final String ROOT_MFA = "AWS-GR_ROOT_ACCOUNT_MFA_ENABLED";
  private static final String ROOT_KEYS_ARN = "arn:aws:controltower:us-east-1::control/" + ROOT_KEYS;
  private static final String ROOT_MFA_ARN = "arn:aws:controltower:us-east-1::control/" + ROOT_MFA;
  private static final String ENABLED_ARN = "arn:aws:controltower:us-east-1:111122223333:enabledcontrol/EC1";
  private static final String MANAGEMENT_ACCOUNT = WireMockStepContext.ACCOUNT;
  private static final String ORGANIZATION = "o-abc123defg";
  private static final Map<String, String> OU_IDS = Map.of("Production", "ou-ab12-prod0001", "Development", "ou-ab12-dev00001");

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private WireMockStepContext ctx;

  @BeforeEach
  void start() {
    ctx = WireMockStepContext.builder(wm.baseUrl(), ControlTowerStep.ID)
        .target("management", "us-east-1")
        .published(OrganizationStep.OUTPUTS, new OrganizationOutputs(ORGANIZATION,
            "arn:aws:organizations::" + MANAGEMENT_ACCOUNT + ":organization/" + ORGANIZATION, "r-ab12",
            MANAGEMENT_ACCOUNT, OU_IDS, Map.of()))
        .build();
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  private static String targetArn(String ou) {
    return "arn:aws:organizations::" + MANAGEMENT_ACCOUNT + ":ou/" + ORGANIZATION + "/" + OU_IDS.get(ou);
  }

  private static ControlTowerStep step(Control... controls) {
    return new ControlTowerStep(new ControlTowerSpec(List.of(controls)));
  }

  private static void stubEnabled(String ou, String... controlArns) {
    wm.stubFor(post(urlEqualTo("/list-enabled-controls"))
        .withRequestBody(matchingJsonPath("$.targetIdentifier", equalTo(targetArn(ou))))
        .willReturn(okJson(enabledControls(ou, controlArns))));
  }

  /** The controls the OU lists: none until enable-control was called, then these. */
  private static void stubEnabledAfterEnable(String ou, String... controlArns) {
    wm.stubFor(post(urlEqualTo("/list-enabled-controls")).inScenario("enable").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson(enabledControls(ou))));
    wm.stubFor(post(urlEqualTo("/list-enabled-controls")).inScenario("enable").whenScenarioStateIs("enabled")
        .willReturn(okJson(enabledControls(ou, controlArns))));
  }

  private static String enabledControls(String ou, String... controlArns) {
    StringBuilder items = new StringBuilder();
    for (String arn : controlArns) {
      items.append(items.isEmpty() ? "" : ",").append("{\"arn\":\"").append(ENABLED_ARN).append("\",")
          .append("\"controlIdentifier\":\"").append(arn).append("\",\"targetIdentifier\":\"")
          .append(targetArn(ou)).append("\",\"statusSummary\":{\"status\":\"SUCCEEDED\"}}");
    }
    return "{\"enabledControls\":[" + items + "]}";
  }

  private static void stubOperation(String operationId, String... statuses) {
    String state = Scenario.STARTED;
    for (int i = 0; i < statuses.length; i++) {
      String next = i + 1 < statuses.length ? operationId + "-" + (i + 1) : state;
      String message = "FAILED".equals(statuses[i]) ? ",\"statusMessage\":\"AWS Config is not enabled in account 444455556666\"" : "";
      wm.stubFor(post(urlEqualTo("/get-control-operation"))
          .withRequestBody(matchingJsonPath("$.operationIdentifier", equalTo(operationId)))
          .inScenario(operationId).whenScenarioStateIs(state).willSetStateTo(next)
          .willReturn(okJson("{\"controlOperation\":{\"operationIdentifier\":\"" + operationId + "\",\"status\":\""
              + statuses[i] + "\"" + message + "}}")));
      state = next;
    }
  }

  @Test
  void create_whenControlMissing_enablesIt_recordsOperationBeforePolling_andPollsUntilSucceeded() {
    stubEnabledAfterEnable("Production", ROOT_KEYS_ARN);
    wm.stubFor(post(urlEqualTo("/enable-control")).inScenario("enable").willSetStateTo("enabled")
        .willReturn(okJson("{\"operationIdentifier\":\"op-1\",\"arn\":\"" + ENABLED_ARN + "\"}")));
    stubOperation("op-1", "IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED");
    List<Integer> pollsWhenRecorded = new ArrayList<>();
    ctx.onPut((key, value) -> {
      if (key.startsWith("enableOperation.")) {
        pollsWhenRecorded.add(wm.countRequestsMatching(postRequestedFor(urlEqualTo("/get-control-operation")).build())
            .getCount());
      }
    });

    step(new Control(ROOT_KEYS, List.of("Production"))).create(ctx);

    wm.verify(1, postRequestedFor(urlEqualTo("/enable-control"))
        .withRequestBody(matchingJsonPath("$.controlIdentifier", equalTo(ROOT_KEYS_ARN)))
        .withRequestBody(matchingJsonPath("$.targetIdentifier", equalTo(targetArn("Production"))))
        .withRequestBody(matchingJsonPath("$.tags['provisioner:step']", equalTo(ControlTowerStep.ID))));
    wm.verify(3, postRequestedFor(urlEqualTo("/get-control-operation"))
        .withRequestBody(matchingJsonPath("$.operationIdentifier", equalTo("op-1"))));
    assertThat(pollsWhenRecorded).as("polls made before the operation id was recorded").containsExactly(0);
    assertThat(ctx.checkpointMap())
        .containsEntry("control.Production/" + ROOT_KEYS, ENABLED_ARN)
        .doesNotContainKey("enableOperation.Production/" + ROOT_KEYS)
        .doesNotContainKey("intent:Production/" + ROOT_KEYS);
  }

  @Test
  void create_whenAlreadyEnabled_enablesNothingAndVerifiesInSync() {
    stubEnabled("Production", ROOT_KEYS_ARN, ROOT_MFA_ARN);
    stubEnabled("Development", ROOT_KEYS_ARN, ROOT_MFA_ARN);
    ControlTowerStep step = step(new Control(ROOT_KEYS, List.of("Production", "Development")),
        new Control(ROOT_MFA, List.of("Production", "Development")));

    step.create(ctx);

    wm.verify(0, postRequestedFor(urlEqualTo("/enable-control")));
    wm.verify(4, postRequestedFor(urlEqualTo("/list-enabled-controls"))
        .withRequestBody(matchingJsonPath("$.filter.controlIdentifiers[0]")));
    assertThat(step.verify(ctx).isInSync()).isTrue();
    assertThat(ctx.checkpointMap()).as("controls enabled before are not ours").isEmpty();
  }

  @Test
  void create_whenOperationRecorded_pollsItInsteadOfEnablingAgain() {
    stubEnabled("Production", ROOT_KEYS_ARN);
    stubOperation("op-9", "IN_PROGRESS", "SUCCEEDED");
    ctx.checkpoints().put("enableOperation.Production/" + ROOT_KEYS, "op-9");

    step(new Control(ROOT_KEYS, List.of("Production"))).create(ctx);

    wm.verify(0, postRequestedFor(urlEqualTo("/enable-control")));
    wm.verify(2, postRequestedFor(urlEqualTo("/get-control-operation"))
        .withRequestBody(matchingJsonPath("$.operationIdentifier", equalTo("op-9"))));
    assertThat(ctx.checkpointMap()).containsKey("control.Production/" + ROOT_KEYS)
        .doesNotContainKey("enableOperation.Production/" + ROOT_KEYS);
  }

  @Test
  void create_whenOperationFails_throwsWithTheStatusMessage_andForgetsTheOperation() {
    stubEnabled("Production");
    wm.stubFor(post(urlEqualTo("/enable-control"))
        .willReturn(okJson("{\"operationIdentifier\":\"op-f\",\"arn\":\"" + ENABLED_ARN + "\"}")));
    stubOperation("op-f", "IN_PROGRESS", "FAILED");

    assertThatThrownBy(() -> step(new Control(ROOT_KEYS, List.of("Production"))).create(ctx))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("enabling control " + ROOT_KEYS + " on OU Production failed")
        .hasMessageContaining("AWS Config is not enabled in account 444455556666");
    assertThat(ctx.checkpointMap()).doesNotContainKey("enableOperation.Production/" + ROOT_KEYS)
        .doesNotContainKey("control.Production/" + ROOT_KEYS);
  }

  @Test
  void create_whenConflictBecauseAlreadyEnabled_isDone() {
    wm.stubFor(post(urlEqualTo("/list-enabled-controls")).inScenario("conflict").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("enabled").willReturn(okJson("{\"enabledControls\":[]}")));
    wm.stubFor(post(urlEqualTo("/list-enabled-controls")).inScenario("conflict").whenScenarioStateIs("enabled")
        .willReturn(okJson("{\"enabledControls\":[{\"arn\":\"" + ENABLED_ARN + "\",\"controlIdentifier\":\""
            + ROOT_KEYS_ARN + "\"}]}")));
    wm.stubFor(post(urlEqualTo("/enable-control")).willReturn(aResponse().withStatus(409)
        .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "ConflictException")
        .withBody("{\"message\":\"The control is already enabled on the target.\"}")));

    step(new Control(ROOT_KEYS, List.of("Production"))).create(ctx);

    wm.verify(0, postRequestedFor(urlEqualTo("/get-control-operation")));
    assertThat(ctx.checkpointMap()).as("enabled by someone else: not ours to disable").isEmpty();
  }

  @Test
  void verify_listsMissingControlsPerOu() {
    stubEnabled("Production", ROOT_KEYS_ARN);
    stubEnabled("Development");
    ControlTowerStep step = step(new Control(ROOT_KEYS, List.of("Production", "Development")),
        new Control(ROOT_MFA, List.of("Production")));

    Verification verification = step.verify(ctx);

    assertThat(verification.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(verification.differences()).containsExactlyInAnyOrder(
        "control " + ROOT_KEYS + " on OU Development does not exist",
        "control " + ROOT_MFA + " on OU Production does not exist");
  }

  @Test
  void verify_whenNothingEnabled_isMissing() {
    stubEnabled("Production");
    assertThat(step(new Control(ROOT_KEYS, List.of("Production"))).verify(ctx).status())
        .isEqualTo(Verification.Status.MISSING);
  }

  @Test
  void verify_whileAControlIsBeingChanged_isConverging() {
    wm.stubFor(post(urlEqualTo("/list-enabled-controls")).willReturn(okJson("{\"enabledControls\":[{\"arn\":\""
        + ENABLED_ARN + "\",\"controlIdentifier\":\"" + ROOT_KEYS_ARN + "\",\"statusSummary\":{\"status\":"
        + "\"UNDER_CHANGE\",\"lastOperationIdentifier\":\"op-u\"}}]}")));

    Verification verification = step(new Control(ROOT_KEYS, List.of("Production"))).verify(ctx);

    assertThat(verification.status()).isEqualTo(Verification.Status.CONVERGING);
    assertThat(verification.differences()).containsExactly(
        "control " + ROOT_KEYS + " on OU Production: being changed (operation op-u)");
  }

  @Test
  void rollback_disablesOnlyTheControlsThisStepEnabled_pollingEachOperation() {
    stubEnabled("Production", ROOT_KEYS_ARN, ROOT_MFA_ARN);
    ctx.checkpoints().put("control.Production/" + ROOT_KEYS, ENABLED_ARN);
    wm.stubFor(post(urlEqualTo("/disable-control")).willReturn(okJson("{\"operationIdentifier\":\"op-d\"}")));
    stubOperation("op-d", "IN_PROGRESS", "SUCCEEDED");
    ControlTowerStep step = step(new Control(ROOT_KEYS, List.of("Production")),
        new Control(ROOT_MFA, List.of("Production")));

    step.rollback(ctx);

    wm.verify(1, postRequestedFor(urlEqualTo("/disable-control")));
    wm.verify(postRequestedFor(urlEqualTo("/disable-control"))
        .withRequestBody(matchingJsonPath("$.controlIdentifier", equalTo(ROOT_KEYS_ARN)))
        .withRequestBody(matchingJsonPath("$.targetIdentifier", equalTo(targetArn("Production")))));
    wm.verify(2, postRequestedFor(urlEqualTo("/get-control-operation")));
    assertThat(ctx.checkpointMap()).isEmpty();

    step.rollback(ctx);
    wm.verify(1, postRequestedFor(urlEqualTo("/disable-control")));
  }

  @Test
  void rollback_whenControlGoneMeanwhile_isDone() {
    stubEnabled("Production", ROOT_KEYS_ARN);
    ctx.checkpoints().put("control.Production/" + ROOT_KEYS, ENABLED_ARN);
    wm.stubFor(post(urlEqualTo("/disable-control")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
        .withBody("{\"message\":\"Enabled control not found\"}")));

    step(new Control(ROOT_KEYS, List.of("Production"))).rollback(ctx);

    assertThat(ctx.checkpointMap()).isEmpty();
  }

  @Test
  void rollback_whenTheOuNoLongerListsTheControl_disablesNothing() {
    stubEnabled("Production");
    ctx.checkpoints().put("control.Production/" + ROOT_KEYS, ENABLED_ARN);

    step(new Control(ROOT_KEYS, List.of("Production"))).rollback(ctx);

    wm.verify(0, postRequestedFor(urlEqualTo("/disable-control")));
  }

  @Test
  void create_whenTheEnableResponseWasLost_recordsTheListedControlAsOurs() {
    stubEnabled("Production", ROOT_KEYS_ARN);
    ctx.checkpoints().putIntent("Production/" + ROOT_KEYS, ROOT_KEYS_ARN);

    step(new Control(ROOT_KEYS, List.of("Production"))).create(ctx);

    wm.verify(0, postRequestedFor(urlEqualTo("/enable-control")));
    assertThat(ctx.checkpointMap()).containsEntry("control.Production/" + ROOT_KEYS, ENABLED_ARN)
        .doesNotContainKey("intent:Production/" + ROOT_KEYS);
  }

  @Test
  void controlArn_fromNameOrArn() {
    assertThat(ControlTowerStep.controlArn("us-east-1", ROOT_KEYS)).isEqualTo(ROOT_KEYS_ARN);
    assertThat(ControlTowerStep.controlArn("cn-north-1", ROOT_KEYS))
        .isEqualTo("arn:aws-cn:controltower:cn-north-1::control/" + ROOT_KEYS);
    assertThat(ControlTowerStep.controlArn("us-east-1", "arn:aws:controlcatalog:::control/abc123"))
        .isEqualTo("arn:aws:controlcatalog:::control/abc123");
  }
}
