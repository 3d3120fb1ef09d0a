package io.provisioner.steps.security.iam;

import io.provisioner.steps.support.PolicyJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class IamTrustPolicyTest {

  @Test
  void forServices_allowsAssumeRoleToTheServicesOnlyForTheAccount() {
    JsonNode document = PolicyJson.parse(
        TrustPolicy.forServices(List.of("vpc-flow-logs.amazonaws.com", "ecs-tasks.amazonaws.com"), "123456789012"));

    assertThat(document.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(document.path("Statement")).hasSize(1);
    JsonNode statement = document.path("Statement").get(0);
    assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
    assertThat(statement.path("Action").asText()).isEqualTo("sts:AssumeRole");
    assertThat(statement.path("Principal").path("Service"))
        .extracting(JsonNode::asText).containsExactly("ecs-tasks.amazonaws.com", "vpc-flow-logs.amazonaws.com");
    assertThat(statement.path("Condition").path("StringEquals").path("aws:SourceAccount").asText())
        .isEqualTo("123456789012");
  }

  @Test
  void forServices_withAServiceThatSendsNoSourceAccount_hasNoCondition() {
    JsonNode statement = PolicyJson.parse(
        TrustPolicy.forServices(List.of("ec2.amazonaws.com"), "123456789012")).path("Statement").get(0);

    assertThat(statement.has("Condition")).as("EC2 would be locked out of its instance role").isFalse();
  }

  @Test
  void forServices_isStableWhateverTheOrderOfServices() {
    assertThat(TrustPolicy.forServices(List.of("b.amazonaws.com", "a.amazonaws.com"), "1"))
        .isEqualTo(TrustPolicy.forServices(List.of("a.amazonaws.com", "b.amazonaws.com"), "1"));
  }

  @Test
  void forServices_equalsSemanticallyTheFormIamReturns() {
    String asIamReturnsIt = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TrustedServices\","
        + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"config.amazonaws.com\"},\"Action\":[\"sts:AssumeRole\"],"
        + "\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":[\"1\"]}}}]}";
    assertThat(PolicyJson.same(asIamReturnsIt, TrustPolicy.forServices(List.of("config.amazonaws.com"), "1"))).isTrue();
  }
}
