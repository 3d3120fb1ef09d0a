package io.provisioner.steps.security.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;

/** A create whose responses are lost is adopted on the next attempt: never a twin, never stuck. */
@ExtendWith(EmulatorExtension.class)
class IamLostResponseIT {
  private static final List<String> CREATES =
      List.of("CreateRole", "CreatePolicy", "CreateInstanceProfile", "CreateGroup");
  private static final int MAX_ATTEMPTS = 5;

  private TestHarness harness;
  private IamStep step;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    step = new IamStep(IamSpecs.forEmulator(harness.client(IamClient.class)));
  }

  @AfterEach
  void cleanUp() {
    harness.rollback(step);
    harness.close();
  }

  @Test
  void create_whenCreateResponsesAreLost_adoptsWhatTheLostCallsMade() {
    CREATES.forEach(op -> harness.dropper().dropNext(op, 1));

    assertThatThrownBy(() -> harness.create(step)).isInstanceOf(StepException.class)
        .hasMessageContaining("simulated lost response");

    int attempts = 1;
    boolean done = false;
    StepException last = null;
    while (!done && attempts < MAX_ATTEMPTS) {
      attempts++;
      try {
        harness.create(step);
        done = true;
      } catch (StepException e) {
        last = e; // another lost response; the next attempt adopts what it made
      }
    }

    assertThat(done).as("create succeeded within %s attempts; last error: %s", MAX_ATTEMPTS, last).isTrue();
    CREATES.forEach(op -> assertThat(harness.dropper().droppedCount(op)).as("dropped %s", op).isEqualTo(1));
    String prefix = IamStepIT.prefix(harness);
    List<String> live = IamStepIT.leftoversOf(harness);
    assertThat(live.stream().filter(r -> r.startsWith("role ")).toList())
        .hasSize(IamSpecs.production().roles().size())
        .doesNotHaveDuplicates();
    assertThat(live).containsOnlyOnce(
        "instance profile " + prefix + "app-server", "group " + prefix + "humans", "policy " + prefix + "require-mfa");
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.IN_SYNC);
  }
}
