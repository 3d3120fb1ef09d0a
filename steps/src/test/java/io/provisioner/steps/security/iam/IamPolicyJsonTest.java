package io.provisioner.steps.security.iam;

import io.provisioner.steps.support.PolicyJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IamPolicyJsonTest {

  private static final String TWO_STATEMENTS = """
      {"Version":"2012-10-17","Statement":[
        {"Sid":"A","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"},
        {"Sid":"B","Effect":"Allow","Action":"sqs:ReceiveMessage","Resource":["arn:aws:sqs:us-east-1:1:q"]}]}
      """;

  @Test
  void same_whenStatementsAndValuesAreReordered_isTrue() {
    String reordered = """
        {"Statement":[
          {"Resource":"arn:aws:sqs:us-east-1:1:q","Action":"sqs:ReceiveMessage","Effect":"Allow","Sid":"B"},
          {"Sid":"A","Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}],
         "Version":"2012-10-17"}
        """;
    assertThat(PolicyJson.same(TWO_STATEMENTS, reordered)).isTrue();
  }

  @Test
  void same_whenSingleStatementIsNotAnArray_isTrue() {
    String asArray = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
        + "\"Resource\":\"*\"}]}";
    String asObject = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:*\"],"
        + "\"Resource\":[\"*\"]}}";
    assertThat(PolicyJson.same(asArray, asObject)).isTrue();
  }

  @Test
  void same_whenOneSideIsUrlEncoded_isTrue() {
    String encoded = URLEncoder.encode(TWO_STATEMENTS, StandardCharsets.UTF_8);
    assertThat(encoded).startsWith("%7B");
    assertThat(PolicyJson.same(encoded, TWO_STATEMENTS)).isTrue();
  }

  @Test
  void same_whenUrlEncodedDocumentKeepsLiteralPolicyVariables_isTrue() {
    String document = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\","
        + "\"Resource\":\"arn:aws:iam::1:user/${aws:username}\"}}";
    assertThat(PolicyJson.same(URLEncoder.encode(document, StandardCharsets.UTF_8), document)).isTrue();
  }

  @Test
  void same_whenAnActionDiffers_isFalse() {
    String other = TWO_STATEMENTS.replace("s3:PutObject", "s3:DeleteObject");
    assertThat(PolicyJson.same(TWO_STATEMENTS, other)).isFalse();
  }

  @Test
  void same_whenAConditionDiffers_isFalse() {
    String left = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"s3.us-east-1.amazonaws.com\"}}}}";
    String right = left.replace("us-east-1", "eu-west-1");
    assertThat(PolicyJson.same(left, right)).isFalse();
  }

  @Test
  void parse_whenNotJson_failsWithAClearMessage() {
    assertThatThrownBy(() -> PolicyJson.parse("not json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON policy document");
  }
}
