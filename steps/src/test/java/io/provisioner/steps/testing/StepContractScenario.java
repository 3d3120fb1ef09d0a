package io.provisioner.steps.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.Step;
import io.provisioner.steps.Verification;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The one scenario every step goes through against the emulator:
 *
 * <ol>
 *   <li>create, then verify is in sync;
 *   <li>create again makes no mutating call;
 *   <li>a resource is changed behind the step's back, verify reports the drift;
 *   <li>create converges it, verify is in sync again;
 *   <li>rollback, then verify reports missing and no tagged resource is left.
 * </ol>
 *
 * A step's IT extends this class and says how to build the step, how to drift it and how to find
 * what it left behind.
 */
@ExtendWith(EmulatorExtension.class)
public abstract class StepContractScenario {

  protected TestHarness harness;

  @BeforeEach
  void startHarness(Emulator emulator) {
    harness = new TestHarness(emulator);
    prepare(harness);
  }

  @AfterEach
  void closeHarness() {
    harness.close();
  }

  /** Creates what the step depends on (by running those steps through the harness), if anything. */
  protected void prepare(TestHarness harness) {}

  /** The step under test, built for the harness's environment. */
  protected abstract Step step();

  /** Changes one of the step's resources behind its back, e.g. disables key rotation. */
  protected abstract void driftBehindItsBack(TestHarness harness);

  /** A fragment the drift's description must contain, e.g. {@code rotation}. */
  protected abstract String expectedDriftFragment();

  /** Live resources of this step still found after rollback (should be none), as readable ids. */
  protected abstract List<String> leftovers(TestHarness harness);

  @Test
  void contract_createVerifyRecreateDriftConvergeRollback() {
    Step step = step();

    harness.create(step);
    assertThat(harness.verify(step).status()).as("verify after create").isEqualTo(Verification.Status.IN_SYNC);

    harness.counter().reset(step.id());
    harness.create(step);
    assertThat(harness.counter().mutations(step.id()))
        .as("mutating calls of a second create on a converged environment").isZero();
    assertThat(harness.counter().reads(step.id())).as("a second create still reads").isPositive();

    driftBehindItsBack(harness);
    Verification drift = harness.verify(step);
    assertThat(drift.status()).as("verify after drift").isEqualTo(Verification.Status.DRIFTED);
    assertThat(String.join("\n", drift.differences())).containsIgnoringCase(expectedDriftFragment());

    harness.create(step);
    assertThat(harness.verify(step).status()).as("verify after converge").isEqualTo(Verification.Status.IN_SYNC);

    harness.rollback(step);
    assertThat(harness.verify(step).status()).as("verify after rollback").isEqualTo(Verification.Status.MISSING);
    assertThat(leftovers(harness)).as("resources left after rollback").isEmpty();

    harness.rollback(step);
    assertThat(harness.verify(step).status()).as("a second rollback is harmless")
        .isEqualTo(Verification.Status.MISSING);
  }
}
