package io.provisioner.steps.data.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;

/** Rollback of a deletion-protected database: refused without --delete-data, done with it after a final snapshot. */
@ExtendWith(EmulatorExtension.class)
class RdsRollbackIT {
  private TestHarness harness;
  private RdsTestUpstream upstream;
  private RdsStep step;
  private String identifier;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    upstream = RdsTestUpstream.create(harness);
    identifier = "pg-" + harness.env();
    step = new RdsStep(RdsTestSpecs.emulator(identifier, true,
        List.of(new RdsSpec.Replica("us-east-1b", null), new RdsSpec.Replica("us-east-1c", null))));
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.deleteData(true);
      harness.rollback(step);
      upstream.close(identifier);
    } finally {
      harness.close();
    }
  }

  @Test
  void rollback_withDeletionProtection_refusesWithoutDeleteData_andDeletesAfterFinalSnapshotWithIt() {
    harness.create(step);
    assertThat(harness.verify(step).isInSync()).isTrue();

    harness.deleteData(false);
    assertThatThrownBy(() -> harness.rollback(step))
        .isInstanceOf(StepException.class)
        .hasMessage("rollback of data.rds refused before deleting anything: DB instance " + identifier + ": has deletion "
            + "protection; rollback refuses to delete the database. Run again with --delete-data: it turns deletion "
            + "protection off and deletes it after a final snapshot");

    for (String id : List.of(identifier, identifier + "-replica-us-east-1b", identifier + "-replica-us-east-1c")) {
      assertThat(describe(id)).as(id + " after the refused rollback").get()
          .extracting(DBInstance::dbInstanceStatus).isEqualTo("available");
    }
    assertThat(describe(identifier).orElseThrow().deletionProtection()).isTrue();
    assertThat(harness.checkpointsOf(RdsStep.ID)).containsKeys("instance.identifier", "replica.us-east-1b.identifier");
    assertThat(harness.verify(step).isInSync()).as("nothing changed").isTrue();

    harness.deleteData(true);
    harness.rollback(step);

    for (String id : List.of(identifier, identifier + "-replica-us-east-1b", identifier + "-replica-us-east-1c")) {
      assertThat(describe(id)).as(id + " after the rollback").isEmpty();
    }
    assertThat(RdsTestUpstream.snapshotsOf(harness, identifier))
        .extracting(s -> s.dbSnapshotIdentifier()).singleElement().asString()
        .matches(identifier + "-final-[0-9]{14}");
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.MISSING);
    assertThat(harness.checkpointsOf(RdsStep.ID)).isEmpty();
  }

  @Test
  void rollback_whenDeletionProtectionWasTurnedOffBehindItsBack_deletesWithoutDeleteData() {
    harness.create(step);
    harness.client(RdsClient.class).modifyDBInstance(b -> b.dbInstanceIdentifier(identifier)
        .deletionProtection(false).applyImmediately(true));

    harness.deleteData(false);
    harness.rollback(step);

    assertThat(describe(identifier)).isEmpty();
    assertThat(RdsTestUpstream.snapshotsOf(harness, identifier)).hasSize(1);
  }

  private Optional<DBInstance> describe(String id) {
    try {
      return harness.client(RdsClient.class).describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances()
          .stream().findFirst();
    } catch (RdsException e) {
      return Optional.empty();
    }
  }
}
