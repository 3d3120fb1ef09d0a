package io.provisioner.steps.storage.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import static io.provisioner.steps.storage.ecr.EcrTestSupport.roles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;

/** Images are data: rollback keeps a repository holding some unless asked to delete data. */
@ExtendWith(EmulatorExtension.class)
class EcrRollbackIT {

  private TestHarness harness;
  private EcrTestSupport upstream;
  private EcrStep step;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    upstream = EcrTestSupport.create(harness);
    step = new EcrStep(new EcrSpec(true, 14, 100, roles("ecs-task-execution"), roles(), false));
  }

  @AfterEach
  void cleanUp() {
    try {
      EcrTestSupport.deleteRepository(harness);
      upstream.close();
    } finally {
      harness.close();
    }
  }

  @Test
  void rollback_whenRepositoryHoldsImages_keepsItWithoutDeleteData_andDeletesItWithDeleteData() {
    harness.create(step);
    EcrTestSupport.putImage(harness, "1.0.0", "a");
    EcrTestSupport.putImage(harness, "1.0.1", "b");
    String name = EcrTestSupport.repositoryName(harness);

    assertThatThrownBy(() -> harness.rollback(step))
        .isInstanceOf(StepException.class)
        .hasMessage("rollback of storage.ecr refused before deleting anything: ECR repository " + name
            + ": holds 2 images; rollback keeps it; run again with --delete-data to delete it with its images");
    assertThat(EcrTestSupport.repository(harness)).as("kept with its images").isPresent();
    assertThat(harness.checkpointsOf(EcrStep.ID)).as("still recorded").containsEntry("repository.name", name);
    assertThat(harness.verify(step).isInSync()).as("rollback changed nothing on it").isTrue();

    harness.deleteData(true);
    harness.rollback(step);

    assertThat(EcrTestSupport.repository(harness)).isEmpty();
    assertThat(harness.checkpointsOf(EcrStep.ID)).isEmpty();
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.MISSING);
  }

  @Test
  void rollback_whenRepositoryIsEmpty_deletesItWithoutDeleteData() {
    harness.create(step);

    harness.rollback(step);

    assertThat(EcrTestSupport.repository(harness)).isEmpty();
    assertThat(harness.checkpointsOf(EcrStep.ID)).isEmpty();
  }

  @Test
  void rollback_whenAnUntaggedRepositoryOfTheNameWasNeverAdopted_keepsIt() {
    String name = EcrTestSupport.repositoryName(harness);
    harness.client(EcrClient.class).createRepository(b -> b.repositoryName(name));

    harness.rollback(step);

    assertThat(EcrTestSupport.repository(harness)).as("made by hand, never recorded").isPresent();
  }

  @Test
  void create_afterARollbackThatKeptTheRepository_adoptsItWithItsImages() {
    harness.create(step);
    EcrTestSupport.putImage(harness, "1.0.0", "a");
    assertThatThrownBy(() -> harness.rollback(step)).isInstanceOf(StepException.class);

    harness.counter().reset(EcrStep.ID);
    harness.create(step);

    assertThat(harness.counter().mutations(EcrStep.ID)).isZero();
    assertThat(harness.verify(step).isInSync()).isTrue();
  }
}
