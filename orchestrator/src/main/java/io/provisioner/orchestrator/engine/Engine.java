package io.provisioner.orchestrator.engine;

import io.provisioner.orchestrator.aws.ClientRegistry;
import io.provisioner.orchestrator.config.Profile;
import io.provisioner.orchestrator.dag.Dag;
import io.provisioner.orchestrator.dag.DagExecutor;
import io.provisioner.orchestrator.dag.NodeResult;
import io.provisioner.state.Lease;
import io.provisioner.state.RunRecord;
import io.provisioner.state.StateStore;
import io.provisioner.state.StepRecord;
import io.provisioner.state.StepStatus;
import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.aws.ApiCallCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operations of the CLI over an environment's steps: up (create or converge; a second up
 * resumes), plan and verify (read-only), rollback and destroy (reverse order). Knows steps only
 * through the {@link Step} contract and state only through {@link StateStore}.
 */
public final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Profile profile;
  private final Map<String, Step> steps;
  private final Dag dag;
  private final StateStore store;
  private final AwsClients clients;
  private final ApiCallCounter counter;
  private final EngineOptions options;
  private final Clock clock;
  private final ProgressListener progress;
  private final SpecHasher hasher = new SpecHasher();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile DagExecutor current;
  private volatile boolean stopRequested;

  public Engine(Profile profile, List<Step> stepList, StateStore store, AwsClients clients, ApiCallCounter counter,
      EngineOptions options, Clock clock, ProgressListener progress) {
    this.profile = profile;
    Map<String, Step> byId = new LinkedHashMap<>();
    for (Step step : stepList) {
      if (byId.put(step.id(), step) != null) {
        throw new IllegalArgumentException("two steps have the id " + step.id());
      }
    }
    this.steps = byId;
    this.dag = Dag.of(byId.values().stream().collect(
        Collectors.toMap(Step::id, Step::dependsOn, (a, b) -> a, LinkedHashMap::new)));
    this.store = store;
    this.clients = clients;
    this.counter = counter;
    this.options = options;
    this.clock = clock;
    this.progress = progress;
  }

  public Dag dag() {
    return dag;
  }

  /** Ctrl-C: start nothing new, let running steps finish and checkpoint, then release the lock. */
  public void stop() {
    stopRequested = true;
    DagExecutor executor = current;
    if (executor != null) {
      executor.stop();
    }
  }

  /** Waits until a running operation has released its lock (for the shutdown hook). */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ---------------------------------------------------------------- up

  /** Creates or converges every step; COMPLETED steps with an unchanged spec make no API call. */
  public RunSummary up() {
    return up(false);
  }

  /**
   * @param converge also check COMPLETED steps with an unchanged spec (read-only verify) and
   *     converge those that drifted behind provisioner's back
   */
  public RunSummary up(boolean converge) {
    store.ensureReady();
    Map<String, String> skip = options.emulator() ? skippedInEmulator() : Map.of();
    return locked("up", dag, (lease, runId) -> id -> upOne(id, lease, runId, skip, converge));
  }

  private NodeResult upOne(String id, Heartbeat lease, String runId, Map<String, String> skip, boolean converge) {
    Step step = steps.get(id);
    StepRecord record = store.step(profile.name(), id).orElse(StepRecord.fresh(profile.name(), id));
    String hash = hasher.hash(step.spec());
    String inputs = PublishedOutputs.inputsDigest(step, this::recordOf);
    String skipReason = skip.get(id);
    if (skipReason != null) {
      if (record.status() != StepStatus.SKIPPED || !skipReason.equals(record.lastError())) {
        StepRecord skipped = new StepRecord(record.env(), id, StepStatus.SKIPPED, record.specHash(), record.outputs(),
            record.published(), record.inputsHash(), record.attempts(), skipReason, clock.instant(), clock.instant(), runId, 0, 0, record.version());
        store.save(skipped, lease.lease());
      }
      return new NodeResult(id, NodeResult.Outcome.SKIPPED, skipReason, Duration.ZERO);
    }
    if (record.status() == StepStatus.COMPLETED && hash.equals(record.specHash())
        && inputs.equals(record.inputsHash())) {
      if (!converge) {
        return new NodeResult(id, NodeResult.Outcome.SKIPPED, "unchanged", Duration.ZERO);
      }
      counter.reset(id);
      try (ApiCallCounter.Scope ignored = ApiCallCounter.attribute(id)) {
        if (step.verify(readOnlyContext(step)).isInSync()) {
          return new NodeResult(id, NodeResult.Outcome.SKIPPED, "in sync", Duration.ZERO);
        }
      }
    }
    progress.started(id, record.attempts() == 0 ? "create" : "converge");
    StateCheckpoints checkpoints = new StateCheckpoints(store, lease::lease,
        store.save(record.started(StepStatus.RUNNING, runId, clock.instant()), lease.lease()));
    StepContext ctx = new EngineStepContext(profile, step, clients, checkpoints, checkpoints::publish, this::recordOf,
        options.deleteData(), profile.accountOf(id), clock);
    counter.reset(id);
    try (ApiCallCounter.Scope ignored = ApiCallCounter.attribute(id)) {
      pinTarget(id, ctx, checkpoints);
      step.create(ctx);
      Verification check = step.verify(ctx);
      if (!check.isInSync()) {
        throw new StepException("create finished but verify found the step " + check.status() + ": "
            + String.join("; ", check.differences()));
      }
    } catch (RuntimeException e) {
      return failed(id, checkpoints, record.specHash(), e, lease);
    }
    store.save(checkpoints.record().withInputsHash(inputs).ended(StepStatus.COMPLETED, hash, null, clock.instant(),
        counter.reads(id), counter.mutations(id)), lease.lease());
    LOG.info("step completed [env={}] [step={}] [reads={}] [mutations={}]", profile.name(), id, counter.reads(id),
        counter.mutations(id));
    return new NodeResult(id, NodeResult.Outcome.SUCCEEDED, null, Duration.ZERO);
  }

  /**
   * Records a failed attempt and reports it as the node's result. Not logged here: the run's end
   * names the failed steps once, and the CLI prints each error once, in its summary.
   */
  private NodeResult failed(String id, StateCheckpoints checkpoints, String specHash, RuntimeException e,
      Heartbeat lease) {
    String message = describe(e);
    LOG.debug("step attempt failed [env={}] [step={}]", profile.name(), id, e);
    saveQuietly(checkpoints.record().ended(StepStatus.FAILED, specHash, message, clock.instant(),
        counter.reads(id), counter.mutations(id)), lease);
    return new NodeResult(id, NodeResult.Outcome.FAILED, message, Duration.ZERO);
  }

  /** Checkpoint key of the account/region a step's resources live in. */
  static final String TARGET_KEY = "provisioner:target";

  /**
   * A step's resources stay where they were created: moving a step to another account or region in
   * the profile would orphan them, so it is refused until the step is rolled back.
   */
  private void pinTarget(String id, StepContext ctx, StateCheckpoints checkpoints) {
    String target = ctx.target().toString();
    String recorded = checkpoints.get(TARGET_KEY).orElse(null);
    if (recorded != null && !recorded.equals(target) && checkpoints.all().size() > 1) {
      throw new StepException("step " + id + " has resources in " + recorded + " but the profile now places it in "
          + target + "; put placement." + id + " back, or roll the step back first (provisioner rollback --env "
          + profile.name() + " --to <a step it depends on>) and run up again");
    }
    checkpoints.put(TARGET_KEY, target);
  }

  private Map<String, String> skippedInEmulator() {
    Map<String, StepRecord> records = recordsOrEmpty();
    Map<String, String> direct = Preflight.unsupported(new ArrayList<>(steps.values()),
        step -> probeContext(step, records));
    Map<String, String> all = new LinkedHashMap<>(direct);
    direct.forEach((id, reason) -> dag.transitiveDependentsOf(id)
        .forEach(dep -> all.putIfAbsent(dep, "depends on " + id + ", which is skipped (" + reason + ")")));
    return all;
  }

  // ---------------------------------------------------------------- rollback / destroy

  /**
   * Rolls back, in reverse order, the steps that have something to roll back. With {@code toStep},
   * only the steps built on top of it (its transitive dependents) are rolled back; it stays.
   */
  public RunSummary rollback(Optional<String> toStep) {
    Set<String> scope = new LinkedHashSet<>(dag.ids());
    toStep.ifPresent(to -> {
      if (!steps.containsKey(to)) {
        throw new IllegalArgumentException("--to names unknown step " + to + "; known steps are " + steps.keySet());
      }
      scope.retainAll(dag.transitiveDependentsOf(to));
    });
    Dag reversed = dag.restrictedTo(scope).reversed();
    Map<String, String> unsupported = unsupportedInEmulator();
    return locked("rollback", reversed, (lease, runId) -> id -> rollbackOne(id, lease, runId, unsupported));
  }

  /** Rolls back everything, then forgets the environment's step records. */
  public RunSummary destroy() {
    Dag reversed = dag.reversed();
    Map<String, String> unsupported = unsupportedInEmulator();
    return locked("destroy", reversed, (lease, runId) -> id -> {
      NodeResult result = rollbackOne(id, lease, runId, unsupported);
      store.step(profile.name(), id).ifPresent(r -> store.delete(r, lease.lease()));
      return result;
    });
  }

  /**
   * In emulator mode, the steps whose services the emulator lacks: nothing of theirs can exist there,
   * so their rollback is skipped (a failed create may still have left a write-ahead intent).
   */
  private Map<String, String> unsupportedInEmulator() {
    if (!options.emulator()) {
      return Map.of();
    }
    Map<String, StepRecord> records = recordsOrEmpty();
    return Preflight.unsupported(new ArrayList<>(steps.values()), step -> probeContext(step, records));
  }

  private NodeResult rollbackOne(String id, Heartbeat lease, String runId, Map<String, String> unsupported) {
    if (unsupported.containsKey(id)) {
      return new NodeResult(id, NodeResult.Outcome.SKIPPED, unsupported.get(id), Duration.ZERO);
    }
    Optional<StepRecord> existing = store.step(profile.name(), id);
    if (!RollbackNeed.applies(existing)) {
      return new NodeResult(id, NodeResult.Outcome.SKIPPED, "nothing to roll back", Duration.ZERO);
    }
    Step step = steps.get(id);
    progress.started(id, "rollback");
    StepRecord record = existing.get();
    StateCheckpoints checkpoints = new StateCheckpoints(store, lease::lease,
        store.save(record.started(StepStatus.ROLLING_BACK, runId, clock.instant()), lease.lease()));
    StepContext ctx = new EngineStepContext(profile, step, clients, checkpoints, checkpoints::publish, this::recordOf,
        options.deleteData(), profile.accountOf(id), clock);
    counter.reset(id);
    try (ApiCallCounter.Scope ignored = ApiCallCounter.attribute(id)) {
      step.rollback(ctx);
    } catch (RuntimeException e) {
      return failed(id, checkpoints, record.specHash(), e, lease);
    }
    store.save(checkpoints.record().ended(StepStatus.ROLLED_BACK, null, null, clock.instant(), counter.reads(id),
        counter.mutations(id)), lease.lease());
    return new NodeResult(id, NodeResult.Outcome.SUCCEEDED, null, Duration.ZERO);
  }

  // ---------------------------------------------------------------- plan / verify / status

  /** One line of a plan or verify report. */
  public record Check(String stepId, String status, Verification verification, boolean specChanged, String note) {}

  /** Verifies every step against the world, changing nothing (no lock, no state write). */
  public List<Check> check() {
    Map<String, String> skip = options.emulator() ? skippedInEmulator() : Map.of();
    Map<String, StepRecord> records = recordsOrEmpty();
    List<Check> checks = new ArrayList<>();
    for (String id : dag.order()) {
      Step step = steps.get(id);
      StepRecord record = records.get(id);
      String status = record == null ? "NEW" : record.status().name();
      if (skip.containsKey(id)) {
        checks.add(new Check(id, "SKIPPED", null, false, skip.get(id)));
        continue;
      }
      boolean specChanged = record == null || !hasher.hash(step.spec()).equals(record.specHash())
          || !PublishedOutputs.inputsDigest(step, upstream -> Optional.ofNullable(records.get(upstream)))
              .equals(record.inputsHash());
      try (ApiCallCounter.Scope ignored = ApiCallCounter.attribute(id)) {
        Verification v = step.verify(readOnlyContext(step, records));
        checks.add(new Check(id, status, v, specChanged, null));
      } catch (RuntimeException e) {
        checks.add(new Check(id, status, Verification.missing("cannot be checked yet: " + describe(e)), specChanged,
            null));
      }
    }
    return checks;
  }

  public List<StepRecord> status() {
    Map<String, StepRecord> records = recordsOrEmpty();
    List<StepRecord> list = new ArrayList<>();
    for (String id : dag.order()) {
      list.add(records.getOrDefault(id, StepRecord.fresh(profile.name(), id)));
    }
    return list;
  }

  public List<RunRecord> runs(int limit) {
    try {
      return store.runs(profile.name(), limit);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  public Optional<Lease> lock() {
    try {
      return store.lock(profile.name());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  public boolean unlock(String lockId) {
    return store.forceUnlock(profile.name(), lockId);
  }

  private Map<String, StepRecord> recordsOrEmpty() {
    try {
      return store.steps(profile.name()).stream().collect(Collectors.toMap(StepRecord::stepId, r -> r));
    } catch (RuntimeException e) {
      LOG.debug("no state readable yet [env={}] [error={}]", profile.name(), e.toString());
      return Map.of();
    }
  }

  /**
   * The context of an emulator probe. The question is what the endpoint implements, the same for
   * every account behind it: probes run in the caller's own account, which exists before
   * org.organization has made the members.
   */
  private StepContext probeContext(Step step, Map<String, StepRecord> records) {
    return readOnlyContext(step, records, profile.execution().defaultAccount());
  }

  private StepContext readOnlyContext(Step step) {
    return readOnlyContext(step, recordsOrEmpty());
  }

  private StepContext readOnlyContext(Step step, Map<String, StepRecord> records) {
    return readOnlyContext(step, records, profile.accountOf(step.id()));
  }

  /** A context for plan, verify and probes: checkpoints and publishing refused, upstream read from {@code records}. */
  private StepContext readOnlyContext(Step step, Map<String, StepRecord> records, String account) {
    StepRecord record = records.get(step.id());
    Map<String, String> outputs = record == null ? Map.of() : record.outputs();
    return new EngineStepContext(profile, step, clients, new ReadOnlyCheckpoints(step.id(), outputs), json -> {
      throw new IllegalStateException("step " + step.id() + " tried to publish outputs during a read-only check");
    }, upstream -> Optional.ofNullable(records.get(upstream)), false, account, clock);
  }

  /** A step's record, read from state now; empty while the state table does not exist yet. */
  private Optional<StepRecord> recordOf(String stepId) {
    try {
      return store.step(profile.name(), stepId);
    } catch (io.provisioner.state.StateException e) {
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- the locked run

  private interface WorkFactory {
    Function<String, NodeResult> work(Heartbeat lease, String runId);
  }

  private RunSummary locked(String command, Dag graph, WorkFactory factory) {
    try {
      store.ensureReady();
      Duration ttl = Duration.ofSeconds(profile.state().leaseSeconds());
      Lease lease = store.acquire(profile.name(), options.holder(), ttl);
      DagExecutor executor = new DagExecutor(options.parallelism(), clock);
      current = executor;
      if (stopRequested) {
        executor.stop();
      }
      try (Heartbeat heartbeat = Heartbeat.start(store, lease, ttl,
          Duration.ofSeconds(profile.state().heartbeatSeconds()), executor::stop)) {
        new RenamedSteps(options.aliases()).adopt(store, profile.name(), heartbeat.lease());
        String runId = RUN_ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Instant started = clock.instant();
        RunRecord run = store.save(new RunRecord(profile.name(), runId, command, options.holder(), started, null,
            "RUNNING", List.of(), 0), heartbeat.lease());
        LOG.info("run started [env={}] [run={}] [command={}]", profile.name(), runId, command);
        Function<String, NodeResult> work = factory.work(heartbeat, runId);
        Map<String, ApiCalls> calls = new ConcurrentHashMap<>();
        Map<String, Instant> starts = new ConcurrentHashMap<>();
        Map<String, NodeResult> results = executor.run(graph, id -> {
          starts.put(id, clock.instant());
          NodeResult result;
          try {
            result = work.apply(id);
          } finally {
            calls.put(id, new ApiCalls(counter.reads(id), counter.mutations(id)));
          }
          return result;
        });
        Duration elapsed = Duration.between(started, clock.instant());
        results.values().forEach(r -> progress.finished(r, calls.getOrDefault(r.id(), ApiCalls.NONE).reads(),
            calls.getOrDefault(r.id(), ApiCalls.NONE).mutations()));
        markNotRun(results, heartbeat);
        boolean stopped = executor.stopped();
        RunSummary summary = new RunSummary(profile.name(), runId, command, results, calls, elapsed, stopped);
        List<RunRecord.StepRun> stepRuns = results.values().stream().map(r -> new RunRecord.StepRun(r.id(),
            r.outcome().name(), starts.get(r.id()), starts.containsKey(r.id()) ? starts.get(r.id()).plus(r.elapsed())
                : null, calls.getOrDefault(r.id(), ApiCalls.NONE).reads(),
            calls.getOrDefault(r.id(), ApiCalls.NONE).mutations(), r.detail())).toList();
        String result = summary.succeeded() ? "SUCCEEDED" : stopped ? "STOPPED" : "FAILED";
        RunRecord ended = store.save(run.ended(result, clock.instant(), stepRuns), heartbeat.lease());
        List<String> failedSteps = summary.ids(NodeResult.Outcome.FAILED);
        if (failedSteps.isEmpty()) {
          LOG.info("run ended [env={}] [run={}] [result={}] [elapsedMs={}]", profile.name(), runId, result,
              elapsed.toMillis());
        } else {
          LOG.warn("run ended [env={}] [run={}] [result={}] [elapsedMs={}] [failed={}]", profile.name(), runId, result,
              elapsed.toMillis(), String.join(",", failedSteps));
        }
        exportRun(ended);
        store.release(heartbeat.lease());
        return summary;
      } catch (RuntimeException e) {
        store.release(lease);
        throw e;
      }
    } finally {
      current = null;
      finished.countDown();
    }
  }

  /** The run's record stays in the table either way; a failed export is worth a warning, not a failed run. */
  private void exportRun(RunRecord run) {
    try {
      store.exportRun(run).ifPresent(where -> LOG.info("run record exported [env={}] [run={}] [to={}]",
          run.env(), run.runId(), where));
    } catch (RuntimeException e) {
      LOG.warn("run record not exported; it is kept in the state table [env={}] [run={}] [error={}]", run.env(),
          run.runId(), e.getMessage());
    }
  }

  private void markNotRun(Map<String, NodeResult> results, Heartbeat lease) {
    for (NodeResult r : results.values()) {
      if (r.outcome() != NodeResult.Outcome.NOT_RUN) {
        continue;
      }
      store.step(profile.name(), r.id()).ifPresentOrElse(rec -> {
        if (rec.status() != StepStatus.COMPLETED && rec.status() != StepStatus.ROLLED_BACK) {
          saveQuietly(rec.ended(StepStatus.NOT_RUN, rec.specHash(), r.detail(), clock.instant(), 0, 0), lease);
        }
      }, () -> saveQuietly(StepRecord.fresh(profile.name(), r.id())
          .ended(StepStatus.NOT_RUN, null, r.detail(), clock.instant(), 0, 0), lease));
    }
  }

  private void saveQuietly(StepRecord record, Heartbeat lease) {
    try {
      store.save(record, lease.lease());
    } catch (RuntimeException e) {
      LOG.warn("could not record step status [env={}] [step={}] [status={}] [error={}]", record.env(),
          record.stepId(), record.status(), e.toString());
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** Exposed for the CLI's report: the client registry, when it is one. */
  public Optional<ClientRegistry> registry() {
    return clients instanceof ClientRegistry r ? Optional.of(r) : Optional.empty();
  }
}
