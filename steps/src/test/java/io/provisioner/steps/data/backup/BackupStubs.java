package io.provisioner.steps.data.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/** Responses shaped like AWS Backup's (rest-json) for the WireMock tests. */
final class BackupStubs {
  private BackupStubs() {}

  /** An AWS error: the status, the error code in {@code x-amzn-ErrorType} and a JSON body. */
  static ResponseDefinitionBuilder awsError(int status, String code, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", code)
        .withBody("{\"Code\":\"" + code + "\",\"Message\":\"" + message + "\"}");
  }
}
