package io.provisioner.steps.security.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KmsKeyPolicyTest {

  private static final List<String> SERVICES =
      List.of("ec2.amazonaws.com", "rds.amazonaws.com", "s3.amazonaws.com", "logs.amazonaws.com");

  @Test
  void of_givesTheAccountRootEveryKmsAction() {
    JsonNode root = statement(KeyPolicy.of("123456789012", "us-east-1", SERVICES), KeyPolicy.ROOT_SID);

    assertThat(root.path("Effect").asText()).isEqualTo("Allow");
    assertThat(root.path("Principal").path("AWS").asText()).isEqualTo("arn:aws:iam::123456789012:root");
    assertThat(root.path("Action").asText()).isEqualTo("kms:*");
    assertThat(root.path("Resource").asText()).isEqualTo("*");
  }

  @Test
  void of_letsTheServicesUseTheKey_withLogsRegional() {
    KeyPolicy policy = KeyPolicy.of("123456789012", "eu-west-1", SERVICES);
    JsonNode use = statement(policy, KeyPolicy.SERVICES_SID);

    assertThat(texts(use.path("Principal").path("Service"))).containsExactly(
        "ec2.amazonaws.com", "rds.amazonaws.com", "s3.amazonaws.com", "logs.eu-west-1.amazonaws.com");
    assertThat(texts(use.path("Action"))).containsExactly(
        "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey");
    assertThat(policy.json()).doesNotContain("\"logs.amazonaws.com\"");
  }

  @Test
  void of_letsTheServicesCreateGrantsOnlyForAwsResources() {
    JsonNode grants = statement(KeyPolicy.of("123456789012", "us-east-1", SERVICES), KeyPolicy.GRANTS_SID);

    assertThat(grants.path("Action").asText()).isEqualTo("kms:CreateGrant");
    assertThat(grants.path("Condition").path("Bool").path("kms:GrantIsForAWSResource").asText()).isEqualTo("true");
    assertThat(texts(grants.path("Principal").path("Service"))).contains("logs.us-east-1.amazonaws.com");
  }

  @Test
  void of_withoutServices_hasOnlyTheRootStatement() {
    KeyPolicy policy = KeyPolicy.of("123456789012", "us-east-1", List.of());

    assertThat(policy.document().path("Statement")).hasSize(1);
  }

  @Test
  void of_inAnotherPartition_namesItsRoot() {
    JsonNode root = statement(KeyPolicy.of("123456789012", "cn-north-1", List.of()), KeyPolicy.ROOT_SID);

    assertThat(root.path("Principal").path("AWS").asText()).isEqualTo("arn:aws-cn:iam::123456789012:root");
  }

  @Test
  void of_dropsDuplicatePrincipals() {
    assertThat(KeyPolicy.servicePrincipalsFor("us-east-1",
        List.of("logs.amazonaws.com", "logs.us-east-1.amazonaws.com", "rds.amazonaws.com", "rds.amazonaws.com")))
        .containsExactly("logs.us-east-1.amazonaws.com", "rds.amazonaws.com");
  }

  @Test
  void matches_ignoresOrderWhitespaceAndSingleValueLists() {
    KeyPolicy policy = KeyPolicy.of("123456789012", "us-east-1", List.of("rds.amazonaws.com"));
    String reshaped = """
        {"Statement": [
          {"Resource": "*", "Action": "kms:CreateGrant", "Effect": "Allow", "Sid": "AllowServiceGrants",
           "Principal": {"Service": "rds.amazonaws.com"},
           "Condition": {"Bool": {"kms:GrantIsForAWSResource": true}}},
          {"Sid": "EnableIamPolicies", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:root"]},
           "Action": ["kms:*"], "Resource": "*"},
          {"Sid": "AllowServicesToUseKey", "Effect": "Allow", "Principal": {"Service": ["rds.amazonaws.com"]},
           "Action": ["kms:DescribeKey", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:Decrypt", "kms:Encrypt"],
           "Resource": "*"}],
         "Version": "2012-10-17"}
        """;

    assertThat(policy.matches(reshaped)).isTrue();
    assertThat(policy.differences(reshaped)).isEmpty();
  }

  @Test
  void differences_namesTheStatementsThatDiffer() {
    KeyPolicy policy = KeyPolicy.of("123456789012", "us-east-1", List.of("rds.amazonaws.com"));
    String other = KeyPolicy.of("123456789012", "us-east-1", List.of("s3.amazonaws.com")).json()
        .replace("AllowServiceGrants", "SomethingElse");

    assertThat(policy.matches(other)).isFalse();
    assertThat(policy.differences(other)).containsExactlyInAnyOrder(
        "statement AllowServicesToUseKey differs",
        "statement AllowServiceGrants is missing",
        "statement SomethingElse is not expected");
  }

  @Test
  void differences_whenNotJson_saysSo() {
    KeyPolicy policy = KeyPolicy.of("123456789012", "us-east-1", List.of());

    assertThat(policy.matches("not json")).isFalse();
    assertThat(policy.differences("not json")).containsExactly("the key policy is not a JSON object");
  }

  private static JsonNode statement(KeyPolicy policy, String sid) {
    for (JsonNode statement : policy.document().path("Statement")) {
      if (sid.equals(statement.path("Sid").asText())) {
        return statement;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + policy.json());
  }

  private static List<String> texts(JsonNode node) {
    List<String> result = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> result.add(n.asText()));
    } else {
      result.add(node.asText());
    }
    return result;
  }
}
