package io.provisioner.steps.data.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.provisioner.steps.testing.WireMockStepContext;
import java.util.Map;

/** Responses shaped like AWS Backup's (rest-json) and the step context for the WireMock tests. */
final class BackupStubs {
  private BackupStubs() {}

  /** A context for a Backup step in environment {@code env} of account prod, with an Environment tag. */
  static WireMockStepContext.Builder context(String baseUrl, String stepId, String env) {
    return WireMockStepContext.builder(baseUrl, stepId).env(env).target("prod", "us-east-1")
        .commonTags(Map.of("Project", "provisioner", "Environment", env));
  }

  /** A context for a Backup step in environment {@code wm}. */
  static WireMockStepContext.Builder context(String baseUrl, String stepId) {
    return context(baseUrl, stepId, "wm");
  }

  /** An AWS error: the status, the error code in {@code x-amzn-ErrorType} and a JSON body. */
  static ResponseDefinitionBuilder awsError(int status, String code, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", code)
        .withBody("{\"Code\":\"" + code + "\",\"Message\":\"" + message + "\"}");
  }
}
