package io.provisioner.steps.security.kms;

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

/** A response lost on the way back, or a rollback in between, never leaves a twin key or alias. */
@ExtendWith(EmulatorExtension.class)
class KmsLostResponseIT {

  private TestHarness harness;
  private KmsStep step;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    step = new KmsStep(new KmsSpec("alias/provisioner-" + harness.env(), "lost response test key", 7, true,
        List.of("rds.amazonaws.com", "logs.amazonaws.com"), false));
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
    } finally {
      harness.close();
    }
  }

  @Test
  void create_whenCreateKeyResponseIsLost_adoptsTheKeyOnTheNextRun() {
    harness.dropper().dropNext("CreateKey", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create key " + alias() + " in " + TestHarness.REGION + " failed")
        .hasMessageContaining("CreateKey");
    assertThat(harness.dropper().droppedCount("CreateKey")).isEqualTo(1);
    assertThat(harness.checkpointsOf(KmsStep.ID)).containsKey("intent:main").doesNotContainKey("keyId");

    harness.create(step);

    List<String> keys = KmsTestSupport.liveKeys(harness, TestHarness.REGION, "main");
    assertThat(keys).hasSize(1);
    assertThat(KmsTestSupport.taggedKeys(harness, TestHarness.REGION, "main")).hasSize(1);
    assertThat(harness.checkpointsOf(KmsStep.ID))
        .containsEntry("keyId", keys.get(0))
        .doesNotContainKey("intent:main");
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_whenCreateAliasResponseIsLost_keepsExactlyOneAliasOnOurKey() {
    harness.dropper().dropNext("CreateAlias", 1);

    assertThatThrownBy(() -> harness.create(step)).isInstanceOf(StepException.class);
    assertThat(harness.dropper().droppedCount("CreateAlias")).isEqualTo(1);

    harness.create(step);

    List<String> keys = KmsTestSupport.liveKeys(harness, TestHarness.REGION, "main");
    assertThat(keys).hasSize(1);
    assertThat(KmsTestSupport.aliasesNamed(harness, TestHarness.REGION, alias())).containsExactly(keys.get(0));
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_afterRollback_bringsTheSameKeyBack() {
    harness.create(step);
    String keyId = harness.checkpointsOf(KmsStep.ID).get("keyId");
    harness.rollback(step);
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.MISSING);
    assertThat(harness.checkpointsOf(KmsStep.ID)).isEmpty();

    harness.create(step);

    assertThat(harness.checkpointsOf(KmsStep.ID)).containsEntry("keyId", keyId);
    assertThat(KmsTestSupport.taggedKeys(harness, TestHarness.REGION, "main")).containsExactly(keyId);
    assertThat(KmsTestSupport.aliasTarget(harness, TestHarness.REGION, alias())).contains(keyId);
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  private String alias() {
    return step.spec().alias();
  }
}
