package io.provisioner.steps.security.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import org.junit.jupiter.api.Test;

class IamNamingTest {

  private final Naming naming = new Naming("provisioner", "prod", "123456789012", "eu-west-1", "/provisioner/");

  @Test
  void partitionOf_followsTheRegion() {
    assertThat(Naming.partitionOf("us-east-1")).isEqualTo("aws");
    assertThat(Naming.partitionOf("cn-north-1")).isEqualTo("aws-cn");
    assertThat(Naming.partitionOf("us-gov-west-1")).isEqualTo("aws-us-gov");
  }

  @Test
  void physical_prefixesProjectAndEnv() {
    assertThat(naming.physical("ecs-task")).isEqualTo("provisioner-prod-ecs-task");
  }

  @Test
  void physical_whenLongerThan64_failsNamingTheLogicalName() {
    assertThatThrownBy(() -> naming.physical("x".repeat(50)))
        .isInstanceOf(StepException.class).hasMessageContaining("more than 64").hasMessageContaining("x".repeat(50));
  }

  @Test
  void policyArn_includesPartitionAccountAndPath() {
    assertThat(new Naming("p", "e", "1", "cn-north-1", "/x/").policyArn("p-e-require-mfa"))
        .isEqualTo("arn:aws-cn:iam::1:policy/x/p-e-require-mfa");
  }

  @Test
  void render_replacesTheFivePlaceholdersAndKeepsPolicyVariables() {
    assertThat(naming.render("arn:${partition}:iam::${account}:user/${aws:username} ${region} ${env} ${project}"))
        .isEqualTo("arn:aws:iam::123456789012:user/${aws:username} eu-west-1 prod provisioner");
  }
}
