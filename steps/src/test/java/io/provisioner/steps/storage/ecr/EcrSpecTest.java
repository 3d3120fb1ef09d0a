package io.provisioner.steps.storage.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.spec.InvalidSpecException;
import java.util.Arrays;
import java.util.List;
import static io.provisioner.steps.storage.ecr.EcrTestSupport.roles;
import io.provisioner.steps.RoleRef;
import org.junit.jupiter.api.Test;

class EcrSpecTest {

  @Test
  void new_withProdValues_keepsThem() {
    EcrSpec spec = new EcrSpec(true, 14, 100, roles("ecs-task-execution", "lambda-execution"), roles("ci"), false);

    assertThat(spec.immutableTags()).isTrue();
    assertThat(spec.untaggedExpiryDays()).isEqualTo(14);
    assertThat(spec.keepLastImages()).isEqualTo(100);
    assertThat(spec.pullPrincipals()).containsExactly(roles("ecs-task-execution", "lambda-execution").toArray(RoleRef[]::new));
    assertThat(spec.pushPrincipals()).containsExactly(RoleRef.of("ci"));
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
        () -> new EcrSpec(true, 0, 10001, roles(), roles(), false));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("untaggedExpiryDays", "keepLastImages");
    assertThat(e).hasMessageContaining("1 to 3650").hasMessageContaining("1 to 10000");
  }

  @Test
  void new_withMissingRoleEntry_namesTheEntry() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new EcrSpec(true, 14, 100, Arrays.asList(RoleRef.of("ecs-task-execution"), null), roles(), false));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field).containsExactly("pullPrincipals[1]");
    assertThat(e).hasMessageContaining("must name a role of security.iam");
  }

  @Test
  void roleRef_withUppercaseArnOrTooLongName_isRejected() {
    assertThatThrownBy(() -> RoleRef.of("EcsTaskExecution")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logical name of a security.iam role");
    assertThatThrownBy(() -> RoleRef.of("a".repeat(41))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RoleRef.of("arn:aws:iam::123456789012:role/ci"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void new_withDuplicateRole_saysDuplicate() {
    assertThatThrownBy(() -> new EcrSpec(true, 14, 100, roles("ecs-task", "ecs-task"), roles(), false))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("pullPrincipals[1]")
        .hasMessageContaining("duplicate role ecs-task");
  }

  @Test
  void new_withRoleInBothLists_saysToListItOnlyUnderPush() {
    assertThatThrownBy(() -> new EcrSpec(true, 14, 100, roles("ci"), roles("ci"), false))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("pullPrincipals")
        .hasMessageContaining("list it only there");
  }
}
