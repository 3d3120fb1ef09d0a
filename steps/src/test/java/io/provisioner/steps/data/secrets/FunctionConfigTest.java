package io.provisioner.steps.data.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioner.steps.support.FunctionCode;
import io.provisioner.steps.support.PolicyJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/** The rotation function's configuration and invoke permission as compared, and the secrets' key comparison. */
class FunctionConfigTest {
  private static final FunctionCode CODE = FunctionCode.of("f", Map.of("lambda_function.py", new byte[] {1}));
  private static final FunctionConfig DESIRED = new FunctionConfig("python3.12",
      "arn:aws:iam::111122223333:role/provisioner/provisioner-prod-secret-rotation", 60, 256,
      List.of("subnet-b", "subnet-a"), List.of("sg-1"), FunctionConfig.environment("us-east-1", 32),
      "Rotates secret provisioner/prod/db-credentials (PostgreSQL, single user)", CODE);

  private static FunctionConfiguration.Builder live() {
    return FunctionConfiguration.builder().runtime("python3.12").handler("lambda_function.lambda_handler")
        .role(DESIRED.roleArn()).timeout(60).memorySize(256).description(DESIRED.description())
        .vpcConfig(v -> v.subnetIds("subnet-a", "subnet-b").securityGroupIds("sg-1").vpcId("vpc-1"))
        .environment(e -> e.variables(Map.of(
            "SECRETS_MANAGER_ENDPOINT", "https://secretsmanager.us-east-1.amazonaws.com", "PASSWORD_LENGTH", "32")));
  }

  @Test
  void environment_namesTheRegionsEndpointInItsPartition() {
    assertThat(FunctionConfig.environment("cn-north-1", 40))
        .containsEntry("SECRETS_MANAGER_ENDPOINT", "https://secretsmanager.cn-north-1.amazonaws.com.cn")
        .containsEntry("PASSWORD_LENGTH", "40");
  }

  @Test
  void differences_whenLiveIsAsDesired_areNone_whateverTheOrderOfSubnets() {
    assertThat(DESIRED.settingDifferences(live().build())).isEmpty();
    assertThat(DESIRED.vpcDifferences(live().build())).isEmpty();
  }

  @Test
  void differences_nameEachSetting_theVpcPlacementApart() {
    FunctionConfiguration drifted = live().runtime("python3.11").timeout(3).memorySize(128)
        .vpcConfig(v -> v.subnetIds("subnet-a").securityGroupIds("sg-2"))
        .environment(e -> e.variables(Map.of("SECRETS_MANAGER_ENDPOINT", "https://example.com"))).build();

    assertThat(String.join("\n", DESIRED.settingDifferences(drifted)))
        .contains("runtime is python3.11, expected python3.12")
        .contains("timeout is 3, expected 60")
        .contains("memory is 128, expected 256")
        .contains("environment is")
        .doesNotContain("subnets");
    assertThat(DESIRED.vpcDifferences(drifted)).containsExactly(
        "subnets is [subnet-a], expected [subnet-a, subnet-b]", "security groups is [sg-2], expected [sg-1]");
    assertThat(DESIRED.vpcDifferences(live().vpcConfig((software.amazon.awssdk.services.lambda.model.VpcConfigResponse)
        null).build())).hasSize(2);
  }

  @Test
  void permission_acceptsLambdasShape_andRefusesAnotherAccountOrPrincipal() {
    String statement = """
        {"Sid":"SecretsManagerRotation","Effect":"Allow","Principal":{"Service":"secretsmanager.amazonaws.com"},
         "Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111122223333:function:f",
         "Condition":{"StringEquals":{"AWS:SourceAccount":"111122223333"}}}""";

    assertThat(InvokePermissionResource.matches(PolicyJson.parse(statement), "111122223333")).isTrue();
    assertThat(InvokePermissionResource.matches(PolicyJson.parse(statement), "444455556666")).isFalse();
    assertThat(InvokePermissionResource.matches(
        PolicyJson.parse(statement.replace("secretsmanager.amazonaws.com", "events.amazonaws.com")), "111122223333"))
        .isFalse();
    ObjectNode withoutCondition = (ObjectNode) PolicyJson.parse(statement);
    withoutCondition.remove("Condition");
    assertThat(InvokePermissionResource.matches(withoutCondition, "111122223333")).isFalse();
  }

  @Test
  void sameKey_acceptsTheArnOrTheKeyIdOfTheExpectedKey() {
    String arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    assertThat(SecretResource.sameKey(arn, arn)).isTrue();
    assertThat(SecretResource.sameKey("1234abcd-12ab-34cd-56ef-1234567890ab", arn)).isTrue();
    assertThat(SecretResource.sameKey("alias/aws/secretsmanager", arn)).isFalse();
    assertThat(SecretResource.sameKey(null, arn)).isFalse();
  }
}
