package io.provisioner.steps.data.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

class RotationResourceTest {
  private static final String FUNCTION = "arn:aws:lambda:us-east-1:111122223333:function:provisioner-prod-rot";

  private static DescribeSecretResponse secret(Boolean enabled, String function, Long days, String schedule) {
    return DescribeSecretResponse.builder().name("provisioner/prod/db-credentials").rotationEnabled(enabled)
        .rotationLambdaARN(function).rotationRules(r -> r.automaticallyAfterDays(days).scheduleExpression(schedule))
        .build();
  }

  @Test
  void differences_whenConfiguredAsWanted_areNone() {
    assertThat(RotationResource.differences(secret(true, FUNCTION, 30L, null), FUNCTION, 30)).isEmpty();
  }

  @Test
  void differences_readARateScheduleAsDays() {
    assertThat(RotationResource.differences(secret(true, FUNCTION, null, "rate(30 days)"), FUNCTION, 30)).isEmpty();
    assertThat(RotationResource.days(secret(true, FUNCTION, null, "cron(0 4 ? * SUN *)"))).isNull();
  }

  @Test
  void differences_nameEachMismatch() {
    assertThat(String.join("\n", RotationResource.differences(secret(true, FUNCTION + "-old", 7L, null), FUNCTION,
        30)))
        .contains("function is " + FUNCTION + "-old, expected " + FUNCTION)
        .contains("every 7 days, expected every 30 days");
    assertThat(RotationResource.differences(secret(true, FUNCTION, null, "cron(0 4 ? * SUN *)"), FUNCTION, 30))
        .containsExactly("no interval, expected every 30 days");
  }
}
