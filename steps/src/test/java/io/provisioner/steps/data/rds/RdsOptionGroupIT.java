package io.provisioner.steps.data.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.OptionGroupMembership;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * An option group of the database's own: created, joined by the instance, an option added behind
 * its back is reported and removed, and rollback deletes the group. PostgreSQL 13 here: moto 5.2.1
 * makes PostgreSQL option groups for majors 10-13 only (CreateOptionGroup answers "Cannot find major
 * version 15 for postgres").
 */
@ExtendWith(EmulatorExtension.class)
class RdsOptionGroupIT {
  private TestHarness harness;
  private RdsTestUpstream upstream;
  private RdsStep step;
  private String identifier;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    upstream = RdsTestUpstream.create(harness);
    identifier = "pg-" + harness.env();
    RdsSpec base = RdsTestSpecs.emulator(identifier, false, List.of());
    step = new RdsStep(new RdsSpec(identifier, "13.7", base.instanceClass(), base.allocatedStorage(),
        base.maxAllocatedStorage(), base.storageType(), base.databaseName(), base.masterUsername(), base.multiAz(),
        base.backupRetentionDays(), base.backupWindow(), base.maintenanceWindow(), false, true,
        base.performanceInsights(), base.monitoringIntervalSeconds(), base.logExports(), base.parameters(),
        new RdsSpec.OptionGroup(List.of()), List.of(), true));
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
  void create_withOptionGroup_joinsIt_removesForeignOptions_andRollbackDeletesIt() {
    harness.create(step);

    RdsClient rds = harness.client(RdsClient.class);
    DBInstance db = rds.describeDBInstances(b -> b.dbInstanceIdentifier(identifier)).dbInstances().get(0);
    assertThat(db.optionGroupMemberships()).extracting(OptionGroupMembership::optionGroupName)
        .containsExactly(identifier + "-og13");
    assertThat(harness.checkpointsOf(RdsStep.ID)).containsEntry("optionGroup.name", identifier + "-og13")
        .containsEntry("parameterGroup.name", identifier + "-pg13");
    assertThat(harness.verify(step).isInSync()).isTrue();

    rds.modifyOptionGroup(b -> b.optionGroupName(identifier + "-og13").applyImmediately(true)
        .optionsToInclude(o -> o.optionName("ADDED_BY_HAND")));
    assertThat(harness.verify(step).differences())
        .containsExactly("option group " + identifier + "-og13: option ADDED_BY_HAND is not in the spec");

    harness.create(step);
    assertThat(harness.verify(step).isInSync()).isTrue();

    harness.rollback(step);
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.MISSING);
    assertThat(optionGroupExists(rds, identifier + "-og13")).isFalse();
  }

  private static boolean optionGroupExists(RdsClient rds, String name) {
    try {
      return !rds.describeOptionGroups(b -> b.optionGroupName(name)).optionGroupsList().isEmpty();
    } catch (RdsException e) {
      return false;
    }
  }
}
