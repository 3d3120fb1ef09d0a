package io.provisioner.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Durable progress of every environment: step records, run records and one lock per environment.
 *
 * <p>Every write is conditional on the record's {@code version} (a write based on an old version
 * fails with {@link StaleWriteException}) and, where a {@link Lease} is passed, on that lease still
 * being the environment's lock (fencing: otherwise {@link LockLostException}). Writes return the
 * record with its new version.
 */
public interface StateStore {

  /** Creates the backing storage when missing (idempotent) and waits until it can be used. */
  void ensureReady();

  Optional<StepRecord> step(String env, String stepId);

  /** All step records of an environment. */
  List<StepRecord> steps(String env);

  /** Writes a step record, fenced by {@code lease}. */
  StepRecord save(StepRecord record, Lease lease);

  /** Deletes a step record (after a complete rollback), fenced by {@code lease}. */
  void delete(StepRecord record, Lease lease);

  /** Writes a run record, fenced by {@code lease}. */
  RunRecord save(RunRecord run, Lease lease);

  /** The most recent runs of an environment, newest first. */
  List<RunRecord> runs(String env, int limit);

  /**
   * Exports a finished run's record outside the table (e.g. as JSON to the state bucket), so the
   * history survives the table. Stores without an archive do nothing.
   *
   * @return where it went (e.g. {@code s3://bucket/key}), empty when the store keeps no archive
   */
  default Optional<String> exportRun(RunRecord run) {
    return Optional.empty();
  }

  /**
   * Takes the environment's lock for {@code ttl}. An expired lease of another holder is taken over.
   *
   * @throws LockHeldException when another holder's lease is live
   */
  Lease acquire(String env, String holder, Duration ttl);

  /**
   * Extends a lease (heartbeat).
   *
   * @throws LockLostException when the lease was taken over or broken
   */
  Lease renew(Lease lease, Duration ttl);

  /** Releases a lease; releasing one already lost is a no-op. */
  void release(Lease lease);

  /** The current lock of an environment, live or expired. */
  Optional<Lease> lock(String env);

  /**
   * Breaks a lock on purpose ({@code unlock --force}). The lock id must match, so an operator never
   * breaks a lock they did not look at.
   *
   * @return true when a lock with that id was removed
   */
  boolean forceUnlock(String env, String lockId);
}
