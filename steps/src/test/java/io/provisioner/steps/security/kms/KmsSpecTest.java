package io.provisioner.steps.security.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.spec.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KmsSpecTest {

  private static final List<String> SERVICES = List.of("rds.amazonaws.com", "logs.amazonaws.com");

  @Test
  void new_withValidValues_keepsThem() {
    KmsSpec spec = new KmsSpec("alias/provisioner-prod", "data key", 30, true, SERVICES, true);

    assertThat(spec.servicePrincipals()).containsExactlyElementsOf(SERVICES);
    assertThat(spec.deletionWindowDays()).isEqualTo(30);
  }

  @Test
  void new_withNullPrincipals_meansNone() {
    assertThat(new KmsSpec("alias/x", "data key", 7, true, null, false).servicePrincipals()).isEmpty();
  }

  @Test
  void new_withWindowOutOfRange_namesTheField() {
    assertThatThrownBy(() -> new KmsSpec("alias/x", "data key", 6, true, SERVICES, false))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("deletionWindowDays")
        .hasMessageContaining("7 to 30");
    assertThatThrownBy(() -> new KmsSpec("alias/x", "data key", 31, true, SERVICES, false))
        .isInstanceOf(InvalidSpecException.class);
  }

  @Test
  void new_withReservedAwsAlias_saysItIsReserved() {
    assertThatThrownBy(() -> new KmsSpec("alias/aws/rds", "data key", 7, true, SERVICES, false))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("alias/aws/ is reserved");
  }

  @Test
  void new_withSeveralMistakes_reportsThemAllAtOnce() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new KmsSpec("alias/aws/x", " ", 0, true, List.of("rds.amazonaws.com", "arn:aws:iam::1:root"), false));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("alias", "description", "deletionWindowDays", "servicePrincipals");
  }

  @Test
  void new_withAliasWithoutPrefix_isRejected() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new KmsSpec("provisioner-prod", "data key", 7, true, SERVICES, false));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field).containsExactly("alias");
  }
}
