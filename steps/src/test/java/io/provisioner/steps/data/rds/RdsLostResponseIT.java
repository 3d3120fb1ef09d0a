package io.provisioner.steps.data.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/** A create whose response is lost is adopted by the next run: never a second primary or replica. */
@ExtendWith(EmulatorExtension.class)
class RdsLostResponseIT {
  private TestHarness harness;
  private RdsTestUpstream upstream;
  private RdsStep step;
  private String identifier;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    upstream = RdsTestUpstream.create(harness);
    identifier = "pg-" + harness.env();
    step = new RdsStep(RdsTestSpecs.emulator(identifier, false, List.of(new RdsSpec.Replica("us-east-1b", null))));
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
      upstream.close(identifier);
    } finally {
      harness.close();
    }
  }

  @Test
  void create_whenCreateDbInstanceResponseIsLost_adoptsTheInstanceOnTheNextRun() {
    harness.dropper().dropNext("CreateDBInstance", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create DB instance " + identifier + " failed");
    assertThat(harness.dropper().droppedCount("CreateDBInstance")).isEqualTo(1);
    assertThat(harness.checkpointsOf(RdsStep.ID)).containsKey("intent:instance").doesNotContainKey("instance.arn");

    harness.create(step);

    assertThat(instancesOfThisEnv()).containsExactlyInAnyOrder(identifier, identifier + "-replica-us-east-1b");
    assertThat(harness.checkpointsOf(RdsStep.ID)).containsEntry("instance.identifier", identifier)
        .containsKey("instance.arn").doesNotContainKey("intent:instance");
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_whenCreateReadReplicaResponseIsLost_adoptsTheReplicaOnTheNextRun() {
    harness.dropper().dropNext("CreateDBInstanceReadReplica", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create read replica " + identifier + "-replica-us-east-1b failed");
    assertThat(harness.dropper().droppedCount("CreateDBInstanceReadReplica")).isEqualTo(1);
    assertThat(harness.checkpointsOf(RdsStep.ID)).containsKey("intent:replica.us-east-1b")
        .doesNotContainKey("replica.us-east-1b.identifier");

    harness.create(step);

    assertThat(instancesOfThisEnv()).containsExactlyInAnyOrder(identifier, identifier + "-replica-us-east-1b");
    assertThat(harness.checkpointsOf(RdsStep.ID))
        .containsEntry("replica.us-east-1b.identifier", identifier + "-replica-us-east-1b")
        .doesNotContainKey("intent:replica.us-east-1b");
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  private List<String> instancesOfThisEnv() {
    return harness.client(RdsClient.class).describeDBInstances().dbInstances().stream()
        .map(DBInstance::dbInstanceIdentifier).filter(id -> id.startsWith(identifier)).toList();
  }
}
