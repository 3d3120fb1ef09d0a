package io.provisioner.steps.data.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

class SecretRotationTest {
  private static final String FUNCTION = "arn:aws:lambda:us-east-1:111122223333:function:provisioner-prod-rot";

  private static DescribeSecretResponse secret(Boolean enabled, String function, Long days, String schedule) {
    return DescribeSecretResponse.builder().name("provisioner/prod/db-credentials").rotationEnabled(enabled)
        .rotationLambdaARN(function).rotationRules(r -> r.automaticallyAfterDays(days).scheduleExpression(schedule))
        .build();
  }

  @Test
  void differences_whenConfiguredAsWanted_areNone() {
    assertThat(SecretRotation.differences(secret(true, FUNCTION, 30L, null), FUNCTION, 30)).isEmpty();
  }

  @Test
  void differences_readARateScheduleAsDays() {
    assertThat(SecretRotation.differences(secret(true, FUNCTION, null, "rate(30 days)"), FUNCTION, 30)).isEmpty();
    assertThat(SecretRotation.days(secret(true, FUNCTION, null, "cron(0 4 ? * SUN *)"))).isNull();
  }

  @Test
  void differences_nameEachMismatch() {
    assertThat(SecretRotation.differences(secret(false, null, null, null), FUNCTION, 30))
        .singleElement().asString().contains("rotation is disabled");
    assertThat(String.join("\n", SecretRotation.differences(secret(true, FUNCTION + "-old", 7L, null), FUNCTION, 30)))
        .contains("rotation function is " + FUNCTION + "-old")
        .contains("rotation every 7 days, expected every 30 days");
  }
}
