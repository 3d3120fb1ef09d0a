package io.provisioner.steps.network.transitgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.testing.TestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A create response lost on the way back never leaves a twin transit gateway or attachment. */
@ExtendWith(EmulatorExtension.class)
class TransitGatewayLostResponseIT {
  private static final int MAX_TRIES = 5;

  private TestHarness harness;
  private SpokeVpc vpc;
  private TransitGatewayStep step;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    vpc = SpokeVpc.create(harness);
    step = new TransitGatewayStep(new TransitGatewaySpec("lost response test", 64512, true, true, true, true,
        null, null, null, false));
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
    } finally {
      try {
        vpc.close();
      } finally {
        harness.close();
      }
    }
  }

  @Test
  void create_whenBothCreateResponsesAreLost_endsWithOneGatewayAndOneAttachment() {
    harness.dropper().dropNext("CreateTransitGateway", 1);
    harness.dropper().dropNext("CreateTransitGatewayVpcAttachment", 1);

    int tries = 0;
    boolean done = false;
    while (!done && tries < MAX_TRIES) {
      tries++;
      try {
        harness.create(step);
        done = true;
      } catch (StepException e) {
        // a lost response: the next run must adopt what the lost call made
      }
    }

    assertThat(done).as("create succeeded within %d tries", MAX_TRIES).isTrue();
    assertThat(harness.dropper().droppedCount("CreateTransitGateway")).isEqualTo(1);
    assertThat(harness.dropper().droppedCount("CreateTransitGatewayVpcAttachment")).isEqualTo(1);
    assertThat(SpokeVpc.liveTransitGateways(harness)).hasSize(1);
    assertThat(vpc.liveAttachments()).hasSize(1);
    assertThat(harness.checkpointsOf(TransitGatewayStep.ID))
        .containsEntry("transitGatewayId", SpokeVpc.liveTransitGateways(harness).get(0))
        .doesNotContainKeys("intent:tgw", "intent:attachment");
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_whenCreateTransitGatewayResponseIsLost_leavesItsIntentAndAdoptsOnTheNextRun() {
    harness.dropper().dropNext("CreateTransitGateway", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create transit gateway provisioner-" + harness.env() + "-tgw");
    assertThat(harness.checkpointsOf(TransitGatewayStep.ID)).containsKey("intent:tgw")
        .doesNotContainKey("transitGatewayId");

    harness.create(step);

    assertThat(SpokeVpc.liveTransitGateways(harness)).hasSize(1);
    assertThat(harness.checkpointsOf(TransitGatewayStep.ID))
        .containsEntry("transitGatewayId", SpokeVpc.liveTransitGateways(harness).get(0))
        .doesNotContainKey("intent:tgw");
  }
}
