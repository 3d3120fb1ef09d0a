package io.provisioner.steps.data.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.support.FunctionCode;
import io.provisioner.steps.testing.WireMockStepContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * {@link RotationFunctionResource}'s CreateFunction, through the kernel's loop, against stubbed
 * Lambda endpoints (the SDK's real REST paths): a role IAM has not propagated yet is waited for;
 * any other invalid parameter fails at once. The emulator cannot show this: its roles are
 * assumable the moment they exist.
 */
class RotationFunctionRetryTest {
  private static final String ACCOUNT = WireMockStepContext.ACCOUNT;
  private static final String NAME = "provisioner-wm-db-credentials-rotation";
  private static final String FUNCTIONS = "/2015-03-31/functions";
  private static final String ARN = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + NAME;
  private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/provisioner/provisioner-wm-secret-rotation";
  private static final FunctionCode CODE = FunctionCode.of("f", Map.of("lambda_function.py", new byte[] {1}));
  private static final FunctionConfig DESIRED = new FunctionConfig("python3.12", ROLE, 60, 256, List.of("subnet-a"),
      List.of("sg-1"), FunctionConfig.environment("us-east-1", 32), "Rotates", CODE);

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private WireMockStepContext ctx;
  private LambdaClient lambda;

  @BeforeEach
  void start() {
    ctx = WireMockStepContext.builder(wm.baseUrl(), SecretsStep.ID)
        .waits(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(1))
        .build();
    lambda = ctx.client(LambdaClient.class);
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  private static ResponseDefinitionBuilder error(int status, String code, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("X-Amzn-ErrorType", code).withBody("{\"Type\":\"User\",\"message\":\"" + message + "\"}");
  }

  private static ResponseDefinitionBuilder created() {
    return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(configuration());
  }

  /** The function as specified by {@link #DESIRED}, Active. */
  private static String configuration() {
    return "{\"FunctionName\":\"" + NAME + "\",\"FunctionArn\":\"" + ARN + "\",\"Runtime\":\"python3.12\","
        + "\"Role\":\"" + ROLE + "\",\"Handler\":\"lambda_function.lambda_handler\",\"Timeout\":60,"
        + "\"MemorySize\":256,\"Description\":\"Rotates\",\"VpcConfig\":{\"SubnetIds\":[\"subnet-a\"],"
        + "\"SecurityGroupIds\":[\"sg-1\"]},\"Environment\":{\"Variables\":{\"SECRETS_MANAGER_ENDPOINT\":"
        + "\"https://secretsmanager.us-east-1.amazonaws.com\",\"PASSWORD_LENGTH\":\"32\"}},"
        + "\"State\":\"Active\",\"LastUpdateStatus\":\"Successful\",\"CodeSha256\":\"" + CODE.codeSha256() + "\"}";
  }

  /** GetFunction (by name or ARN) finds nothing until a CreateFunction succeeded, then the function. */
  private void stubFunctionAppearsOnceCreated() {
    for (String state : List.of(Scenario.STARTED, "propagating", "ready")) {
      wm.stubFor(get(urlPathMatching(FUNCTIONS + "/[^/]+")).inScenario("function").whenScenarioStateIs(state)
          .willReturn(error(404, "ResourceNotFoundException", "Function not found: " + ARN)));
    }
    wm.stubFor(get(urlPathMatching(FUNCTIONS + "/[^/]+")).inScenario("function").whenScenarioStateIs("done")
        .willReturn(okJson("{\"Configuration\":" + configuration() + ",\"Tags\":" + tags() + "}")));
  }

  private String tags() {
    StringBuilder json = new StringBuilder("{");
    ctx.tags().forKey(Names.ROTATION_FUNCTION).forEach((k, v) ->
        json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
    return json.append('}').toString();
  }

  private Optional<GetFunctionResponse> converge() {
    return Reconciler.of(ctx, SecretsStep.ID, Reconciler.Mode.CONVERGE)
        .ensure(new RotationFunctionResource(ctx, lambda, NAME, () -> DESIRED));
  }

  @Test
  void create_whenTheRoleIsNotAssumableYet_retriesUntilItIs() {
    stubFunctionAppearsOnceCreated();
    wm.stubFor(post(urlEqualTo(FUNCTIONS)).inScenario("function").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(error(400, "InvalidParameterValueException",
            "The role defined for the function cannot be assumed by Lambda."))
        .willSetStateTo("propagating"));
    wm.stubFor(post(urlEqualTo(FUNCTIONS)).inScenario("function").whenScenarioStateIs("propagating")
        .willReturn(error(400, "InvalidParameterValueException",
            "The provided execution role does not have permissions to call CreateNetworkInterface on EC2"))
        .willSetStateTo("ready"));
    wm.stubFor(post(urlEqualTo(FUNCTIONS)).inScenario("function").whenScenarioStateIs("ready")
        .willReturn(created())
        .willSetStateTo("done"));

    Optional<GetFunctionResponse> function = converge();

    assertThat(function).map(RotationFunctionResource::arn).contains(ARN);
    wm.verify(3, postRequestedFor(urlEqualTo(FUNCTIONS)));
    assertThat(ctx.checkpointMap()).containsEntry(SecretsStep.FUNCTION_ARN, ARN)
        .doesNotContainKey("intent:" + Names.ROTATION_FUNCTION);
    assertThat(ctx.operations()).as("created as specified: nothing to update")
        .doesNotContain("UpdateFunctionConfiguration", "UpdateFunctionCode", "TagResource");
  }

  @Test
  void create_whenAParameterIsInvalid_failsAtOnceAndSaysWhy() {
    stubFunctionAppearsOnceCreated();
    wm.stubFor(post(urlEqualTo(FUNCTIONS)).willReturn(error(400, "InvalidParameterValueException",
        "The runtime parameter of python3.99 is no longer supported for creating or updating functions.")));

    assertThatThrownBy(this::converge)
        .isInstanceOf(StepException.class)
        .hasMessageContaining("Lambda refused to create rotation function " + NAME)
        .hasMessageContaining("python3.99");
    wm.verify(1, postRequestedFor(urlEqualTo(FUNCTIONS)));
    wm.verify(1, getRequestedFor(urlPathMatching(FUNCTIONS + "/[^/]+")));
  }
}
