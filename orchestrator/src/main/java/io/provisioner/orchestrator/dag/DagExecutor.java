package io.provisioner.orchestrator.dag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the nodes of a {@link Dag} with bounded parallelism. A node starts when all its dependencies
 * SUCCEEDED or were SKIPPED as done. On the first failure, or when {@link #stop()} is called, it
 * starts nothing new, lets running nodes finish, and reports every node never started as NOT_RUN.
 */
public final class DagExecutor {
  private final int parallelism;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  /** Raised by the worker of a failing node the moment it fails, before its result is collected. */
  private final AtomicBoolean failureSeen = new AtomicBoolean();

  private final java.time.Clock clock;

  /** @param clock the run's clock, which times each node */
  public DagExecutor(int parallelism, java.time.Clock clock) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
    }
    this.parallelism = parallelism;
    this.clock = clock;
  }

  /** Asks a running {@link #run} to start nothing new (Ctrl-C, lost lock). Safe from any thread. */
  public void stop() {
    stopRequested.set(true);
  }

  public boolean stopped() {
    return stopRequested.get();
  }

  /** True once any node failed, even before the coordinator collected its result. */
  boolean failureSeen() {
    return failureSeen.get();
  }

  /**
   * Runs every node. A SKIPPED node releases its dependents like a SUCCEEDED one: a caller that
   * skips a node as unsupported makes its dependents' work return SKIPPED too.
   *
   * @return results in the DAG's order
   */
  public Map<String, NodeResult> run(Dag dag, NodeWork work) {
    Map<String, NodeResult> results = new LinkedHashMap<>();
    Set<String> started = new HashSet<>();
    AtomicInteger threadIds = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "step-" + threadIds.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    CompletionService<NodeResult> completion = new ExecutorCompletionService<>(pool);
    boolean failed = false;
    int running = 0;
    try {
      while (true) {
        if (!failed && !failureSeen.get() && !stopRequested.get()) {
          for (String id : dag.order()) {
            if (running >= parallelism) {
              break;
            }
            if (!started.contains(id) && ready(dag, id, results)) {
              started.add(id);
              running++;
              completion.submit(() -> {
                NodeResult result = timed(id, work);
                if (result.outcome() == NodeResult.Outcome.FAILED) {
                  failureSeen.set(true);
                }
                return result;
              });
            }
          }
        }
        if (running == 0) {
          break;
        }
        NodeResult result = take(completion);
        running--;
        results.put(result.id(), result);
        if (result.outcome() == NodeResult.Outcome.FAILED) {
          failed = true;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    failed |= failureSeen.get();
    String reason = failed ? "not started: an earlier step failed" : "not started: the run was stopped";
    Map<String, NodeResult> ordered = new LinkedHashMap<>();
    for (String id : dag.order()) {
      NodeResult r = results.get(id);
      if (r == null) {
        String why = blockedBy(dag, id, results).map(dep -> "not started: depends on " + dep + ", which did not succeed")
            .orElse(reason);
        r = new NodeResult(id, NodeResult.Outcome.NOT_RUN, why, Duration.ZERO);
        results.put(id, r);
      }
      ordered.put(id, r);
    }
    return ordered;
  }

  private static boolean ready(Dag dag, String id, Map<String, NodeResult> results) {
    for (String dep : dag.dependenciesOf(id)) {
      NodeResult r = results.get(dep);
      if (r == null || !(r.outcome() == NodeResult.Outcome.SUCCEEDED || r.outcome() == NodeResult.Outcome.SKIPPED)) {
        return false;
      }
    }
    return true;
  }

  private static java.util.Optional<String> blockedBy(Dag dag, String id, Map<String, NodeResult> results) {
    for (String dep : dag.dependenciesOf(id)) {
      NodeResult r = results.get(dep);
      if (r != null && (r.outcome() == NodeResult.Outcome.FAILED || r.outcome() == NodeResult.Outcome.NOT_RUN)) {
        return java.util.Optional.of(dep);
      }
    }
    return java.util.Optional.empty();
  }

  private NodeResult timed(String id, NodeWork work) {
    java.time.Instant start = clock.instant();
    try {
      NodeResult r = work.run(id);
      return new NodeResult(id, r.outcome(), r.detail(), Duration.between(start, clock.instant()));
    } catch (Exception | Error e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new NodeResult(id, NodeResult.Outcome.FAILED, message, Duration.between(start, clock.instant()));
    }
  }

  private static NodeResult take(CompletionService<NodeResult> completion) {
    while (true) {
      try {
        Future<NodeResult> done = completion.take();
        return done.get();
      } catch (InterruptedException e) {
        // keep waiting for running nodes to finish and checkpoint; the caller's stop() prevents new starts
        Thread.currentThread().interrupt();
        Thread.interrupted();
      } catch (ExecutionException e) {
        throw new IllegalStateException("node work escaped its own error handling", e.getCause());
      }
    }
  }

  /** Ids in order, for tests and summaries. */
  public static List<String> idsWith(Map<String, NodeResult> results, NodeResult.Outcome outcome) {
    List<String> ids = new ArrayList<>();
    results.values().forEach(r -> {
      if (r.outcome() == outcome) {
        ids.add(r.id());
      }
    });
    return ids;
  }
}
