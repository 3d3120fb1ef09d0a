package io.provisioner.steps.network.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.testing.TestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Responses lost on the way back never leave a twin VPC, subnet or NAT gateway. */
@ExtendWith(EmulatorExtension.class)
class VpcLostResponseIT {

  private TestHarness harness;
  private VpcStep step;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    VpcTestSupport.prepareFlowLogsRole(harness);
    step = new VpcStep(VpcTestSupport.spec(VpcTestSupport.AZS, VpcSpec.NatGateways.PER_AZ));
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
      assertThat(VpcTestSupport.leftovers(harness)).isEmpty();
      VpcTestSupport.deleteFlowLogsRole(harness);
    } finally {
      harness.close();
    }
  }

  @Test
  void create_whenCreateResponsesAreLost_convergesToExactlyOneOfEach() {
    harness.dropper().dropNext("CreateVpc", 1);
    harness.dropper().dropNext("CreateSubnet", 1);
    harness.dropper().dropNext("CreateNatGateway", 1);

    int failures = 0;
    boolean done = false;
    for (int attempt = 1; attempt <= 5 && !done; attempt++) {
      try {
        harness.create(step);
        done = true;
      } catch (StepException e) {
        failures++;
      }
    }

    assertThat(done).as("create succeeds within 5 tries").isTrue();
    assertThat(failures).isEqualTo(3);
    assertThat(harness.dropper().droppedCount("CreateVpc")).isEqualTo(1);
    assertThat(harness.dropper().droppedCount("CreateSubnet")).isEqualTo(1);
    assertThat(harness.dropper().droppedCount("CreateNatGateway")).isEqualTo(1);
    assertThat(VpcTestSupport.vpcs(harness)).hasSize(1);
    assertThat(VpcTestSupport.subnets(harness)).hasSize(12);
    assertThat(VpcTestSupport.liveNats(harness)).hasSize(3);
    assertThat(harness.checkpointsOf(VpcStep.ID).keySet()).noneMatch(k -> k.startsWith("intent:"));
    assertThat(harness.verify(step).isInSync()).isTrue();
  }
}
