package io.provisioner.orchestrator.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DagExecutorTest {

  private static NodeResult ok(String id) {
    return new NodeResult(id, NodeResult.Outcome.SUCCEEDED, null, Duration.ZERO);
  }

  private static Dag independent(int n) {
    Map<String, List<String>> nodes = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      nodes.put("s" + i, List.of());
    }
    return Dag.of(nodes);
  }

  @Test
  void run_runsIndependentStepsInParallel_neverMoreThanParallelism() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    CyclicBarrier pair = new CyclicBarrier(2);
    Map<String, NodeResult> results = new DagExecutor(2, java.time.Clock.systemUTC()).run(independent(6), id -> {
      max.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        pair.await(5, TimeUnit.SECONDS); // passes only when two steps run at the same time
      } finally {
        running.decrementAndGet();
      }
      return ok(id);
    });
    assertThat(DagExecutor.idsWith(results, NodeResult.Outcome.SUCCEEDED)).hasSize(6);
    assertThat(max.get()).isEqualTo(2);
  }

  @Test
  void run_startsAStepOnlyAfterItsDependenciesSucceeded() {
    Map<String, Integer> finishedAt = new ConcurrentHashMap<>();
    Map<String, Integer> startedAt = new ConcurrentHashMap<>();
    AtomicInteger clock = new AtomicInteger();
    Dag dag = Dag.of(Map.of("a", List.of(), "b", List.of("a"), "c", List.of("b")));
    new DagExecutor(8, java.time.Clock.systemUTC()).run(dag, id -> {
      startedAt.put(id, clock.incrementAndGet());
      finishedAt.put(id, clock.incrementAndGet());
      return ok(id);
    });
    assertThat(startedAt.get("b")).isGreaterThan(finishedAt.get("a"));
    assertThat(startedAt.get("c")).isGreaterThan(finishedAt.get("b"));
  }

  @Test
  void run_onFailure_startsNothingNew_letsRunningFinish_marksTheRestNotRun() throws Exception {
    // "slow" is running when "bad" fails; "slow" must finish; "later" (queued) and "child" must not start.
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch badFailed = new CountDownLatch(1);
    Set<String> started = ConcurrentHashMap.newKeySet();
    Map<String, List<String>> nodes = new LinkedHashMap<>();
    nodes.put("slow", List.of());
    nodes.put("bad", List.of());
    nodes.put("later", List.of());
    nodes.put("child", List.of("bad"));
    DagExecutor executor = new DagExecutor(2, java.time.Clock.systemUTC());
    Map<String, NodeResult> results = executor.run(Dag.of(nodes), id -> {
      started.add(id);
      switch (id) {
        case "slow" -> {
          slowStarted.countDown();
          assertThat(badFailed.await(5, TimeUnit.SECONDS)).isTrue();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
          while (!executor.failureSeen() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // "slow" ends only after "bad" has failed
          }
          return ok(id);
        }
        case "bad" -> {
          assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
          badFailed.countDown();
          throw new IllegalStateException("creating thing X failed");
        }
        default -> {
          return ok(id);
        }
      }
    });
    assertThat(results.get("slow").outcome()).isEqualTo(NodeResult.Outcome.SUCCEEDED);
    assertThat(results.get("bad").outcome()).isEqualTo(NodeResult.Outcome.FAILED);
    assertThat(results.get("bad").detail()).isEqualTo("creating thing X failed");
    assertThat(results.get("later").outcome()).isEqualTo(NodeResult.Outcome.NOT_RUN);
    assertThat(results.get("child").outcome()).isEqualTo(NodeResult.Outcome.NOT_RUN);
    assertThat(results.get("child").detail()).contains("depends on bad");
    assertThat(started).containsExactlyInAnyOrder("slow", "bad");
  }

  @Test
  void stop_letsRunningStepsFinish_andStartsNothingNew() {
    DagExecutor executor = new DagExecutor(1, java.time.Clock.systemUTC());
    Map<String, NodeResult> results = executor.run(independent(3), id -> {
      executor.stop();
      return ok(id);
    });
    assertThat(DagExecutor.idsWith(results, NodeResult.Outcome.SUCCEEDED)).containsExactly("s0");
    assertThat(DagExecutor.idsWith(results, NodeResult.Outcome.NOT_RUN)).containsExactly("s1", "s2");
    assertThat(results.get("s1").detail()).contains("stopped");
  }

  @Test
  void skippedStep_releasesItsDependents() {
    Dag dag = Dag.of(Map.of("a", List.of(), "b", List.of("a")));
    Map<String, NodeResult> results = new DagExecutor(2, java.time.Clock.systemUTC()).run(dag, id -> id.equals("a")
        ? new NodeResult(id, NodeResult.Outcome.SKIPPED, "unchanged", Duration.ZERO) : ok(id));
    assertThat(results.get("b").outcome()).isEqualTo(NodeResult.Outcome.SUCCEEDED);
  }
}
