package io.provisioner.steps.storage.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import static io.provisioner.steps.storage.ecr.EcrTestSupport.roles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;

/** A response lost on the way back never leaves a half-made repository or fails the next run. */
@ExtendWith(EmulatorExtension.class)
class EcrLostResponseIT {

  private TestHarness harness;
  private EcrTestSupport upstream;
  private EcrStep step;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    upstream = EcrTestSupport.create(harness);
    step = new EcrStep(new EcrSpec(true, 14, 100, roles("ecs-task-execution", "lambda-execution"), roles(),
        false));
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
      EcrTestSupport.deleteRepository(harness);
      upstream.close();
    } finally {
      harness.close();
    }
  }

  @Test
  void create_whenCreateRepositoryResponseIsLost_adoptsTheRepositoryOnTheNextRun() {
    harness.dropper().dropNext("CreateRepository", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create ECR repository " + EcrTestSupport.repositoryName(harness) + " failed");
    assertThat(harness.dropper().droppedCount("CreateRepository")).isEqualTo(1);
    assertThat(harness.checkpointsOf(EcrStep.ID)).doesNotContainKey("repository.name")
        .containsKey("intent:repository");

    harness.create(step);

    List<Repository> ours = harness.client(EcrClient.class).describeRepositories().repositories().stream()
        .filter(r -> r.repositoryName().contains(harness.env())).toList();
    assertThat(ours).extracting(Repository::repositoryName).containsExactly(EcrTestSupport.repositoryName(harness));
    assertThat(harness.checkpointsOf(EcrStep.ID)).containsEntry("repository.arn", ours.get(0).repositoryArn())
        .doesNotContainKey("intent:repository");
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_whenSetRepositoryPolicyResponseIsLost_convergesWithoutAnotherChangeNeeded() {
    harness.dropper().dropNext("SetRepositoryPolicy", 1);

    assertThatThrownBy(() -> harness.create(step)).isInstanceOf(StepException.class);
    assertThat(harness.dropper().droppedCount("SetRepositoryPolicy")).isEqualTo(1);

    harness.create(step);

    assertThat(harness.verify(step).isInSync()).isTrue();
    harness.counter().reset(EcrStep.ID);
    harness.create(step);
    assertThat(harness.counter().mutations(EcrStep.ID)).isZero();
  }
}
