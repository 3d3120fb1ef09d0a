package io.provisioner.steps.network.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.spec.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsSpecTest {

  @Test
  void seed_hasTheGatewayAndFifteenInterfaceServicesInTheAppTier() {
    EndpointsSpec spec = EndpointsSpec.seed();

    assertThat(spec.s3Gateway()).isTrue();
    assertThat(spec.interfaceServices()).hasSize(15).contains("ecr.api", "ecs-telemetry", "ec2messages");
    assertThat(spec.subnetTier()).isEqualTo("app");
  }

  @Test
  void new_withNulls_meansNoInterfaceServicesInTheAppTier() {
    EndpointsSpec spec = new EndpointsSpec(false, null, null);

    assertThat(spec.interfaceServices()).isEmpty();
    assertThat(spec.subnetTier()).isEqualTo("app");
  }

  @Test
  void new_withFullServiceNameOrUppercase_isRejected() {
    assertThatThrownBy(() -> new EndpointsSpec(true, List.of("com.amazonaws.us-east-1.ssm"), "app"))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("interfaceServices");
    assertThatThrownBy(() -> new EndpointsSpec(true, List.of("SSM"), "app"))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("short service name");
  }

  @Test
  void new_withSeveralMistakes_reportsThemAllAtOnce() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new EndpointsSpec(true, List.of("logs", "logs", "s3", "bad name"), "public"));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::message)
        .anyMatch(m -> m.contains("lists a service twice"))
        .anyMatch(m -> m.contains("s3 is already served by the gateway endpoint"))
        .anyMatch(m -> m.contains("short service name"))
        .anyMatch(m -> m.contains("app, data, management"));
    assertThat(e.problems()).hasSize(4);
  }

  @Test
  void new_s3InterfaceWithoutGateway_isAllowed() {
    assertThat(new EndpointsSpec(false, List.of("s3"), "data").interfaceServices()).containsExactly("s3");
  }
}
