package io.provisioner.steps.storage.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import org.junit.jupiter.api.Test;

class RepositoryNameTest {

  @Test
  void of_joinsProjectAndEnvInLowerCase() {
    assertThat(RepositoryName.of("provisioner", "prod")).isEqualTo("provisioner/prod");
    assertThat(RepositoryName.of("Provisioner", "Dev-1")).isEqualTo("provisioner/dev-1");
  }

  @Test
  void of_whenEnvCannotBeInAnEcrName_failsNamingBoth() {
    assertThatThrownBy(() -> RepositoryName.of("provisioner", "prod env"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("project 'provisioner' and env 'prod env'")
        .hasMessageContaining("rename the project or the env");
  }

  @Test
  void of_whenTooLong_fails() {
    assertThatThrownBy(() -> RepositoryName.of("p".repeat(200), "e".repeat(60)))
        .isInstanceOf(StepException.class);
  }

  @Test
  void isValidComponent_acceptsSingleSeparatorsBetweenLettersAndDigits() {
    assertThat(RepositoryName.isValidComponent("a")).isTrue();
    assertThat(RepositoryName.isValidComponent("my-app_2.x")).isTrue();
  }

  @Test
  void isValidComponent_rejectsEdgesDoublesAndOtherCharacters() {
    assertThat(RepositoryName.isValidComponent("")).isFalse();
    assertThat(RepositoryName.isValidComponent(null)).isFalse();
    assertThat(RepositoryName.isValidComponent("-app")).isFalse();
    assertThat(RepositoryName.isValidComponent("app.")).isFalse();
    assertThat(RepositoryName.isValidComponent("a--b")).isFalse();
    assertThat(RepositoryName.isValidComponent("a/b")).isFalse();
    assertThat(RepositoryName.isValidComponent("App")).isFalse();
  }
}
