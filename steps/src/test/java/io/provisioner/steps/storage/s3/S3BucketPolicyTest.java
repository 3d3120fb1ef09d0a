package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioner.steps.support.PolicyJson;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3BucketPolicyTest {
  private static final String ARN = "arn:aws:s3:::provisioner-prod-static-assets-123456789012-us-east-1";
  private static final String LOG_ARN = "arn:aws:s3:::provisioner-prod-access-logs-123456789012-us-east-1";

  @Test
  void tlsOnly_deniesEveryRequestWithoutTls_onBucketAndObjects() {
    JsonNode deny = statement(BucketPolicy.tlsOnly(ARN), BucketPolicy.DENY_INSECURE_TRANSPORT);

    assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
    assertThat(deny.path("Principal").asText()).isEqualTo("*");
    assertThat(deny.path("Action").asText()).isEqualTo("s3:*");
    assertThat(deny.path("Resource").get(0).asText()).isEqualTo(ARN);
    assertThat(deny.path("Resource").get(1).asText()).isEqualTo(ARN + "/*");
    assertThat(deny.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
    assertThat(PolicyJson.parse(BucketPolicy.tlsOnly(ARN).json()).path("Statement")).hasSize(1);
  }

  @Test
  void accessLogTarget_letsTheLoggingServiceWriteForThisAccountOnly_andDeniesInsecureTransport() {
    BucketPolicy policy = BucketPolicy.accessLogTarget(LOG_ARN, "123456789012");
    JsonNode delivery = statement(policy, BucketPolicy.ALLOW_LOG_DELIVERY);

    assertThat(delivery.path("Effect").asText()).isEqualTo("Allow");
    assertThat(delivery.path("Principal").path("Service").asText()).isEqualTo("logging.s3.amazonaws.com");
    assertThat(delivery.path("Action").asText()).isEqualTo("s3:PutObject");
    assertThat(delivery.path("Resource").isTextual()).isTrue();
    assertThat(delivery.path("Resource").asText()).isEqualTo(LOG_ARN + "/*");
    assertThat(delivery.path("Condition").path("StringEquals").path("aws:SourceAccount").asText())
        .isEqualTo("123456789012");
    assertThat(statement(policy, BucketPolicy.DENY_INSECURE_TRANSPORT).path("Resource").get(0).asText())
        .isEqualTo(LOG_ARN);
    assertThat(policy.json()).doesNotContain("Grant").doesNotContain("acl");
  }

  @Test
  void differences_whenTheServiceReformatsThePolicy_findsNone() {
    String reformatted = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Condition\":{\"Bool\":{\"aws:SecureTransport\":false}},"
        + "\"Resource\":[\"" + ARN + "/*\",\"" + ARN + "\"],\"Action\":[\"s3:*\"],\"Principal\":\"*\",\"Effect\":\"Deny\","
        + "\"Sid\":\"DenyInsecureTransport\"}}";

    assertThat(BucketPolicy.tlsOnly(ARN).differences(Optional.of(reformatted))).isEmpty();
  }

  @Test
  void differences_whenPolicyMissing_saysSo() {
    assertThat(BucketPolicy.tlsOnly(ARN).differences(Optional.empty())).containsExactly("bucket policy is missing");
  }

  @Test
  void differences_whenConditionChangedAndStatementAdded_namesBothStatements() {
    String changed = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\","
        + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"" + ARN + "\",\"" + ARN + "/*\"],"
        + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}},"
        + "{\"Sid\":\"PublicRead\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"" + ARN + "/*\"}]}";

    assertThat(BucketPolicy.tlsOnly(ARN).differences(Optional.of(changed))).containsExactly(
        "bucket policy statement DenyInsecureTransport differs",
        "bucket policy statement PublicRead is not expected");
  }

  @Test
  void differences_whenDeliveryGrantRemoved_namesIt() {
    BucketPolicy expected = BucketPolicy.accessLogTarget(LOG_ARN, "123456789012");

    assertThat(expected.differences(Optional.of(BucketPolicy.tlsOnly(LOG_ARN).json())))
        .containsExactly("bucket policy statement AllowServerAccessLogDelivery is missing");
  }

  @Test
  void differences_whenNotJson_saysSo() {
    assertThat(BucketPolicy.tlsOnly(ARN).differences(Optional.of("<xml/>")))
        .containsExactly("bucket policy is not a JSON document");
  }

  private static JsonNode statement(BucketPolicy policy, String sid) {
    for (JsonNode statement : PolicyJson.parse(policy.json()).path("Statement")) {
      if (sid.equals(statement.path("Sid").asText())) {
        return statement;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + policy.json());
  }
}
