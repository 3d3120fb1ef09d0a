package io.provisioner.steps.network.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.TestHarness;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Adding an AZ keeps every id of the existing AZs: resources are keyed by AZ name, never by position. */
@ExtendWith(EmulatorExtension.class)
class VpcAzGrowthIT {

  private static final List<String> TWO = List.of("us-east-1a", "us-east-1b");

  private TestHarness harness;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    VpcTestSupport.prepareFlowLogsRole(harness);
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(new VpcStep(VpcTestSupport.spec(VpcTestSupport.AZS, VpcSpec.NatGateways.PER_AZ)));
      VpcTestSupport.deleteFlowLogsRole(harness);
    } finally {
      harness.close();
    }
  }

  @Test
  void create_withAThirdAz_keepsTheIdsOfTheFirstTwo() {
    harness.create(new VpcStep(VpcTestSupport.spec(TWO, VpcSpec.NatGateways.PER_AZ)));
    Map<String, String> before = perAzIds(harness.checkpointsOf(VpcStep.ID));
    assertThat(before).hasSize(2 * 9).allSatisfy((k, v) -> assertThat(k).containsAnyOf(TWO.get(0), TWO.get(1)));
    String vpcId = harness.checkpointsOf(VpcStep.ID).get("vpcId");

    VpcStep grown = new VpcStep(VpcTestSupport.spec(VpcTestSupport.AZS, VpcSpec.NatGateways.PER_AZ));
    harness.create(grown);

    Map<String, String> after = perAzIds(harness.checkpointsOf(VpcStep.ID));
    assertThat(after).hasSize(3 * 9).containsAllEntriesOf(before);
    assertThat(harness.checkpointsOf(VpcStep.ID)).containsEntry("vpcId", vpcId)
        .containsEntry("azs", "us-east-1a,us-east-1b,us-east-1c");
    Map<String, String> third = after.entrySet().stream().filter(e -> e.getKey().endsWith("us-east-1c"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(third).hasSize(9);
    Set<String> oldIds = new HashSet<>(before.values());
    assertThat(third.values()).doesNotContainAnyElementsOf(oldIds).doesNotHaveDuplicates();
    assertThat(VpcTestSupport.subnets(harness)).hasSize(12);
    assertThat(VpcTestSupport.liveNats(harness)).hasSize(3);
    assertThat(harness.verify(grown).isInSync()).isTrue();

    harness.rollback(grown);
    assertThat(harness.verify(grown).status()).isEqualTo(Verification.Status.MISSING);
    assertThat(VpcTestSupport.leftovers(harness)).isEmpty();
  }

  @Test
  void create_whenAnAzIsNoLongerListed_keepsItsResources_andRollbackDeletesThemToo() {
    harness.create(new VpcStep(VpcTestSupport.spec(VpcTestSupport.AZS, VpcSpec.NatGateways.PER_AZ)));
    String subnetOfThird = harness.checkpointsOf(VpcStep.ID).get("subnet.app.us-east-1c");
    VpcStep shrunk = new VpcStep(VpcTestSupport.spec(TWO, VpcSpec.NatGateways.PER_AZ));

    Verification drift = harness.verify(shrunk);
    harness.create(shrunk);

    assertThat(drift.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(String.join("\n", drift.differences())).contains("availabilityZones no longer lists us-east-1c");
    assertThat(VpcTestSupport.subnets(harness)).hasSize(12).contains(subnetOfThird);
    assertThat(VpcTestSupport.liveNats(harness)).hasSize(3);
    assertThat(harness.published(VpcStep.OUTPUTS).orElseThrow().subnets("app")).containsOnlyKeys(TWO);

    harness.rollback(shrunk);
    assertThat(VpcTestSupport.leftovers(harness)).isEmpty();
  }

  /** Subnet, NAT, EIP and route table ids of every AZ, by checkpoint key. */
  private static Map<String, String> perAzIds(Map<String, String> checkpoints) {
    return checkpoints.entrySet().stream()
        .filter(e -> e.getKey().startsWith("subnet.") || e.getKey().startsWith("nat.")
            || e.getKey().startsWith("eip.")
            || (e.getKey().startsWith("routeTable.") && !e.getKey().equals("routeTable.public")))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
