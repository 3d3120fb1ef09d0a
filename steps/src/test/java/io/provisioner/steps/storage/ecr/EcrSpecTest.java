package io.provisioner.steps.storage.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.spec.InvalidSpecException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EcrSpecTest {

  @Test
  void new_withProdValues_keepsThem() {
    EcrSpec spec = new EcrSpec(true, 14, 100, List.of("ecs-task-execution", "lambda-execution"),
        List.of("ci"), false);

    assertThat(spec.immutableTags()).isTrue();
    assertThat(spec.untaggedExpiryDays()).isEqualTo(14);
    assertThat(spec.keepLastImages()).isEqualTo(100);
    assertThat(spec.pullPrincipals()).containsExactly("ecs-task-execution", "lambda-execution");
    assertThat(spec.pushPrincipals()).containsExactly("ci");
  }

  @Test
  void new_withNullPrincipalLists_meansNone() {
    EcrSpec spec = new EcrSpec(false, 3, 20, null, null, false);

    assertThat(spec.pullPrincipals()).isEmpty();
    assertThat(spec.pushPrincipals()).isEmpty();
  }

  @Test
  void new_withCountsOutOfRange_namesEachField() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new EcrSpec(true, 0, 10001, List.of(), List.of(), false));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("untaggedExpiryDays", "keepLastImages");
    assertThat(e).hasMessageContaining("1 to 3650").hasMessageContaining("1 to 10000");
  }

  @Test
  void new_withBadRoleNames_namesTheEntry() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new EcrSpec(true, 14, 100, Arrays.asList("ecs-task-execution", "", null),
            List.of("arn:aws:iam::123456789012:role/ci"), false));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("pullPrincipals[1]", "pullPrincipals[2]", "pushPrincipals[0]");
    assertThat(e).hasMessageContaining("logical name of a security.iam role");
  }

  @Test
  void new_withUppercaseOrTooLongRoleName_isRejected() {
    assertThatThrownBy(() -> new EcrSpec(true, 14, 100, List.of("EcsTaskExecution"), List.of(), false))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("pullPrincipals[0]");
    assertThatThrownBy(() -> new EcrSpec(true, 14, 100, List.of("a".repeat(41)), List.of(), false))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("pullPrincipals[0]");
  }

  @Test
  void new_withDuplicateRole_saysDuplicate() {
    assertThatThrownBy(() -> new EcrSpec(true, 14, 100, List.of("ecs-task", "ecs-task"), List.of(), false))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("pullPrincipals[1]")
        .hasMessageContaining("duplicate role ecs-task");
  }

  @Test
  void new_withRoleInBothLists_saysToListItOnlyUnderPush() {
    assertThatThrownBy(() -> new EcrSpec(true, 14, 100, List.of("ci"), List.of("ci"), false))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("pullPrincipals")
        .hasMessageContaining("list it only there");
  }
}
