package io.provisioner.state.memory;

import io.provisioner.state.Lease;
import io.provisioner.state.LockHeldException;
import io.provisioner.state.LockLostException;
import io.provisioner.state.RunRecord;
import io.provisioner.state.StaleWriteException;
import io.provisioner.state.StateStore;
import io.provisioner.state.StepRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link StateStore} in memory with the same conditional-write and lease semantics as the
 * DynamoDB one, for unit tests of the engine. Thread-safe.
 */
public final class InMemoryStateStore implements StateStore {
  private final Clock clock;
  private final Map<String, StepRecord> steps = new HashMap<>();
  private final Map<String, RunRecord> runs = new HashMap<>();
  private final Map<String, Lease> locks = new HashMap<>();

  public InMemoryStateStore(Clock clock) {
    this.clock = clock;
  }

  public static InMemoryStateStore create() {
    return new InMemoryStateStore(Clock.systemUTC());
  }

  @Override
  public void ensureReady() {}

  @Override
  public synchronized Optional<StepRecord> step(String env, String stepId) {
    return Optional.ofNullable(steps.get(env + "/" + stepId));
  }

  @Override
  public synchronized List<StepRecord> steps(String env) {
    return steps.values().stream()
        .filter(r -> r.env().equals(env))
        .sorted(Comparator.comparing(StepRecord::stepId))
        .toList();
  }

  @Override
  public synchronized StepRecord save(StepRecord record, Lease lease) {
    fence(lease);
    String key = record.env() + "/" + record.stepId();
    StepRecord current = steps.get(key);
    long currentVersion = current == null ? 0 : current.version();
    if (currentVersion != record.version()) {
      throw new StaleWriteException("step " + key, record.version());
    }
    StepRecord stored = record.withVersion(record.version() + 1);
    steps.put(key, stored);
    return stored;
  }

  @Override
  public synchronized void delete(StepRecord record, Lease lease) {
    fence(lease);
    String key = record.env() + "/" + record.stepId();
    StepRecord current = steps.get(key);
    if (current != null && current.version() != record.version()) {
      throw new StaleWriteException("step " + key, record.version());
    }
    steps.remove(key);
  }

  @Override
  public synchronized RunRecord save(RunRecord run, Lease lease) {
    fence(lease);
    String key = run.env() + "/" + run.runId();
    RunRecord current = runs.get(key);
    long currentVersion = current == null ? 0 : current.version();
    if (currentVersion != run.version()) {
      throw new StaleWriteException("run " + key, run.version());
    }
    RunRecord stored = run.withVersion(run.version() + 1);
    runs.put(key, stored);
    return stored;
  }

  @Override
  public synchronized List<RunRecord> runs(String env, int limit) {
    List<RunRecord> list = new ArrayList<>(runs.values().stream().filter(r -> r.env().equals(env)).toList());
    list.sort(Comparator.comparing(RunRecord::runId).reversed());
    return list.subList(0, Math.min(limit, list.size()));
  }

  @Override
  public synchronized Lease acquire(String env, String holder, Duration ttl) {
    Instant now = clock.instant();
    Lease current = locks.get(env);
    if (current != null && !current.expiredAt(now)) {
      throw new LockHeldException(current);
    }
    long version = current == null ? 1 : current.version() + 1;
    Lease lease = new Lease(env, UUID.randomUUID().toString(), holder, now, now.plus(ttl), version);
    locks.put(env, lease);
    return lease;
  }

  @Override
  public synchronized Lease renew(Lease lease, Duration ttl) {
    fence(lease);
    Lease renewed = new Lease(lease.env(), lease.lockId(), lease.holder(), lease.acquiredAt(),
        clock.instant().plus(ttl), lease.version() + 1);
    locks.put(lease.env(), renewed);
    return renewed;
  }

  @Override
  public synchronized void release(Lease lease) {
    Lease current = locks.get(lease.env());
    if (current != null && current.lockId().equals(lease.lockId())) {
      locks.remove(lease.env());
    }
  }

  @Override
  public synchronized Optional<Lease> lock(String env) {
    return Optional.ofNullable(locks.get(env));
  }

  @Override
  public synchronized boolean forceUnlock(String env, String lockId) {
    Lease current = locks.get(env);
    if (current != null && current.lockId().equals(lockId)) {
      locks.remove(env);
      return true;
    }
    return false;
  }

  private void fence(Lease lease) {
    if (lease == null) {
      throw new IllegalArgumentException("state writes need the environment's lease");
    }
    Lease current = locks.get(lease.env());
    if (current == null || !current.lockId().equals(lease.lockId())) {
      throw new LockLostException(lease.env(), lease.lockId());
    }
  }
}
