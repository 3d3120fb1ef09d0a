package io.provisioner.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.orchestrator.config.ProfileLoader;
import io.provisioner.orchestrator.config.ProfileSource;
import io.provisioner.orchestrator.config.Profile;
import io.provisioner.orchestrator.dag.NodeResult;
import io.provisioner.state.LockHeldException;
import io.provisioner.state.StepStatus;
import io.provisioner.state.memory.InMemoryStateStore;
import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Step;
import io.provisioner.steps.Target;
import io.provisioner.steps.aws.ApiCallCounter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;

class EngineTest {
  private final CopyOnWriteArrayList<String> journal = new CopyOnWriteArrayList<>();
  private final InMemoryStateStore store = InMemoryStateStore.create();
  private Profile profile;
  private FakeStep base;
  private FakeStep middle;
  private FakeStep top;
  private FakeStep other;

  private static final AwsClients NO_AWS = new AwsClients() {
    @Override
    public <T extends SdkClient> T get(Class<T> type) {
      throw new AssertionError("fake steps make no AWS call");
    }

    @Override
    public <T extends SdkClient> T get(Class<T> type, Target target) {
      throw new AssertionError("fake steps make no AWS call");
    }

    @Override
    public String accountId(Target target) {
      return "123456789012";
    }
  };

  @BeforeEach
  void setUp() {
    profile = new ProfileLoader(io.provisioner.orchestrator.catalog.StepRegistry.load()).load(ProfileSource.file(Path.of("..", "src", "envs", "dev.yaml")), "dev");
    base = new FakeStep("base", Set.of(), journal);
    middle = new FakeStep("middle", Set.of("base"), journal);
    top = new FakeStep("top", Set.of("middle"), journal);
    other = new FakeStep("other", Set.of(), journal);
  }

  private Engine engine(Step... steps) {
    return new Engine(profile, List.of(steps), store, NO_AWS, new ApiCallCounter(),
        new EngineOptions(4, false, false, "test"), Clock.systemUTC(), ProgressListener.NONE);
  }

  @Test
  void up_createsEveryStep_inDependencyOrder_andPassesOutputsOn() {
    RunSummary summary = engine(top, middle, base, other).up();

    assertThat(summary.succeeded()).isTrue();
    assertThat(summary.ids(NodeResult.Outcome.SUCCEEDED)).containsExactlyInAnyOrder("base", "middle", "top", "other");
    assertThat(journal.indexOf("create base resumeFrom=-")).isLessThan(journal.indexOf("create middle resumeFrom=-"));
    assertThat(middle.seenDependencyOutput).isEqualTo("r-base-v1");
    assertThat(store.step("dev", "top").orElseThrow().status()).isEqualTo(StepStatus.COMPLETED);
    assertThat(store.runs("dev", 1).get(0).result()).isEqualTo("SUCCEEDED");
    assertThat(store.lock("dev")).as("lock released").isEmpty();
  }

  @Test
  void up_again_skipsCompletedStepsWithUnchangedSpec_withoutCallingThem() {
    engine(base, middle).up();
    journal.clear();

    RunSummary second = engine(base, middle).up();

    assertThat(second.succeeded()).isTrue();
    assertThat(journal).isEmpty();
    assertThat(second.results().get("base").detail()).isEqualTo("unchanged");
  }

  @Test
  void up_afterSpecChange_convergesOnlyThatStep() {
    engine(base, middle).up();
    journal.clear();
    middle.spec("v2");

    engine(base, middle).up();

    assertThat(journal).containsExactly("create middle resumeFrom=h-middle");
    assertThat(store.step("dev", "middle").orElseThrow().outputs()).containsEntry("resource", "r-middle-v2");
  }

  @Test
  void up_afterAnUpstreamOutputChanged_convergesTheStepsThatReadIt_andOnlyThem() {
    engine(base, middle, top, other).up();
    journal.clear();
    base.spec("v2");

    engine(base, middle, top, other).up();

    assertThat(journal).containsExactly("create base resumeFrom=h-base", "create middle resumeFrom=h-middle");
    assertThat(middle.seenDependencyOutput).isEqualTo("r-base-v2");
    assertThat(store.step("dev", "middle").orElseThrow().inputsHash())
        .isNotEqualTo(store.step("dev", "top").orElseThrow().inputsHash());
  }

  @Test
  void up_whenAStepReadsAnUndeclaredReference_failsNamingIt() {
    engine(base).up();
    FakeStep reader = new FakeStep("reader", Set.of(), journal);
    Step undeclared = new Step() {
      @Override
      public String id() {
        return "reader";
      }

      @Override
      public Record spec() {
        return reader.spec();
      }

      @Override
      public List<io.provisioner.steps.ServiceProbe> probes() {
        return List.of();
      }

      @Override
      public void create(io.provisioner.steps.StepContext ctx) {
        ctx.read(io.provisioner.steps.OutputRef.of("base", FakeStep.Out.class));
      }

      @Override
      public io.provisioner.steps.Verification verify(io.provisioner.steps.StepContext ctx) {
        return io.provisioner.steps.Verification.inSync();
      }

      @Override
      public void rollback(io.provisioner.steps.StepContext ctx) {}
    };

    RunSummary summary = engine(base, undeclared).up();

    assertThat(summary.succeeded()).isFalse();
    assertThat(store.step("dev", "reader").orElseThrow().lastError())
        .contains("reads base:Out but does not declare it in references()");
  }

  @Test
  void up_afterAStepWasRenamed_movesItsRecordToTheNewId_andFindsItUnchanged() {
    engine(new FakeStep("old.base", Set.of(), journal)).up();
    journal.clear();
    Engine renamed = new Engine(profile, List.of(base), store, NO_AWS, new ApiCallCounter(),
        new EngineOptions(4, false, false, "test", java.util.Map.of("base", Set.of("old.base"))), Clock.systemUTC(),
        ProgressListener.NONE);

    RunSummary summary = renamed.up();

    assertThat(summary.succeeded()).isTrue();
    assertThat(journal).as("the step is found done under its new id").isEmpty();
    assertThat(store.step("dev", "old.base")).isEmpty();
    assertThat(store.step("dev", "base").orElseThrow().outputs()).containsEntry("resource", "r-old.base-v1");
  }

  @Test
  void up_whenAStepFails_marksDependentsNotRun_recordsTheError_andResumeContinuesFromCheckpoints() {
    middle.failuresLeft.set(1);

    RunSummary failed = engine(base, middle, top).up();

    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.results().get("middle").outcome()).isEqualTo(NodeResult.Outcome.FAILED);
    assertThat(failed.results().get("top").outcome()).isEqualTo(NodeResult.Outcome.NOT_RUN);
    assertThat(store.step("dev", "middle").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    assertThat(store.step("dev", "middle").orElseThrow().lastError()).isEqualTo("creating middle failed half-way");
    assertThat(store.step("dev", "middle").orElseThrow().outputs()).as("checkpoint survived the failure")
        .containsEntry("half", "h-middle");
    assertThat(store.step("dev", "top").orElseThrow().status()).isEqualTo(StepStatus.NOT_RUN);
    assertThat(store.runs("dev", 1).get(0).result()).isEqualTo("FAILED");
    journal.clear();

    RunSummary resumed = engine(base, middle, top).up();

    assertThat(resumed.succeeded()).isTrue();
    assertThat(journal).containsExactly("create middle resumeFrom=h-middle", "create top resumeFrom=-");
    assertThat(base.creates.get()).as("completed step not run again").isEqualTo(1);
  }

  @Test
  void up_whenAnotherRunHoldsTheLock_failsFastNamingTheHolder() {
    store.acquire("dev", "alice@host pid 1 (up)", Duration.ofMinutes(1));

    assertThatThrownBy(() -> engine(base).up())
        .isInstanceOf(LockHeldException.class)
        .hasMessageContaining("alice@host pid 1 (up)")
        .hasMessageContaining("unlock --env dev --force --lock-id");
    assertThat(journal).isEmpty();
  }

  @Test
  void up_whenStopped_startsNothing_andReleasesTheLock() {
    Engine engine = engine(base, middle);
    engine.stop();

    RunSummary summary = engine.up();

    assertThat(summary.stopped()).isTrue();
    assertThat(summary.ids(NodeResult.Outcome.NOT_RUN)).containsExactly("base", "middle");
    assertThat(store.lock("dev")).isEmpty();
    assertThat(store.runs("dev", 1).get(0).result()).isEqualTo("STOPPED");
  }

  @Test
  void rollback_undoesInReverseOrder_andVerifyThenReportsMissing() {
    engine(base, middle, top).up();
    journal.clear();

    RunSummary summary = engine(base, middle, top).rollback(Optional.empty());

    assertThat(summary.succeeded()).isTrue();
    assertThat(journal).containsExactly("rollback top", "rollback middle", "rollback base");
    assertThat(store.step("dev", "base").orElseThrow().status()).isEqualTo(StepStatus.ROLLED_BACK);
    assertThat(engine(base, middle, top).check()).allSatisfy(c ->
        assertThat(c.verification().status()).isEqualTo(io.provisioner.steps.Verification.Status.MISSING));
  }

  @Test
  void rollback_to_keepsTheNamedStepAndWhatItBuildsOn() {
    engine(base, middle, top).up();
    journal.clear();

    engine(base, middle, top).rollback(Optional.of("base"));

    assertThat(journal).containsExactly("rollback top", "rollback middle");
    assertThat(store.step("dev", "base").orElseThrow().status()).isEqualTo(StepStatus.COMPLETED);
  }

  @Test
  void rollback_skipsStepsThatNeverRan() {
    middle.failuresLeft.set(1);
    engine(base, middle, top).up();
    journal.clear();

    engine(base, middle, top).rollback(Optional.empty());

    assertThat(journal).containsExactly("rollback middle", "rollback base");
  }

  @Test
  void destroy_rollsBackEverything_andForgetsTheStepRecords() {
    engine(base, middle).up();

    engine(base, middle).destroy();

    assertThat(store.steps("dev")).isEmpty();
  }

  @Test
  void check_reportsDriftWithoutWriting() {
    engine(base, middle).up();
    middle.spec("v2");

    List<Engine.Check> checks = engine(base, middle).check();

    assertThat(checks).filteredOn(c -> c.stepId().equals("middle")).singleElement()
        .satisfies(c -> {
          assertThat(c.verification().status()).isEqualTo(io.provisioner.steps.Verification.Status.DRIFTED);
          assertThat(c.specChanged()).isTrue();
        });
    assertThat(store.step("dev", "middle").orElseThrow().outputs()).containsEntry("resource", "r-middle-v1");
  }
}
