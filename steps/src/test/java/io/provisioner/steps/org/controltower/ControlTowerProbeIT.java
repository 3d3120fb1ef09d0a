package io.provisioner.steps.org.controltower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.org.organization.OrgTestSupport;
import io.provisioner.steps.org.organization.OrganizationStep;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The emulator does not implement Control Tower; what its probe meets there decides whether the
 * orchestrator's preflight marks {@code org.controltower} SKIPPED. moto_server 5.2.1 has no backend
 * for {@code controltower.<region>.amazonaws.com} and answers every call with HTTP 500 and an HTML
 * page (no AWS error code): this test pins that answer, so a moto upgrade that changes it is noticed.
 * The preflight reads 404/501 and unknown-operation codes as "unsupported" but not this 500, which
 * is why it needs to learn "500 without an AWS error code" (reported as a shared-file change).
 */
@ExtendWith(EmulatorExtension.class)
class ControlTowerProbeIT {
  private TestHarness harness;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void probe_onMoto_answersHttp500WithoutAnAwsErrorCode() {
    ServiceProbe probe = new ControlTowerStep(new ControlTowerSpec(List.of())).probes().get(0);
    assertThat(probe.service()).isEqualTo("controltower");

    AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
        () -> probe.call().accept(harness.context(new ControlTowerStep(new ControlTowerSpec(List.of())))));

    assertThat(e.statusCode()).as("moto's answer for a service it has no backend for").isEqualTo(500);
    assertThat(AwsErrors.code(e)).as("no AWS error code: the body is moto's HTML error page").isEmpty();
    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
  }

  @Test
  void organizationProbes_onTheEmulator_pass() {
    OrganizationStep step = new OrganizationStep(OrgTestSupport.unitsOnly(harness));
    step.probes().forEach(p -> p.call().accept(harness.context(step)));
  }
}
