package io.provisioner.state;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The durable record of one step in one environment.
 *
 * @param env environment name
 * @param stepId stable step id
 * @param status current status
 * @param specHash hash of the spec the step last converged (null until it completes once)
 * @param outputs the step's private checkpoints: recorded ids and write-ahead intents
 * @param published the outputs the step published for other steps, as JSON (null until it publishes)
 * @param inputsHash digest of the upstream outputs the step read when it last completed (null before)
 * @param attempts how many times create or rollback was started
 * @param lastError message of the last failure, null when none
 * @param startedAt when the last attempt started
 * @param endedAt when the last attempt ended
 * @param runId the run that last touched the step
 * @param reads read API calls of the last attempt
 * @param mutations mutating API calls of the last attempt
 * @param version optimistic-locking version: every write is conditional on it; 0 = never stored
 */
public record StepRecord(
    String env,
    String stepId,
    StepStatus status,
    String specHash,
    Map<String, String> outputs,
    String published,
    String inputsHash,
    int attempts,
    String lastError,
    Instant startedAt,
    Instant endedAt,
    String runId,
    long reads,
    long mutations,
    long version) {

  public StepRecord {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(status, "status");
    outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
  }

  /** A step never seen before. */
  public static StepRecord fresh(String env, String stepId) {
    return new StepRecord(env, stepId, StepStatus.PENDING, null, Map.of(), null, null, 0, null, null, null, null, 0, 0, 0);
  }

  public StepRecord withStatus(StepStatus newStatus) {
    return new StepRecord(env, stepId, newStatus, specHash, outputs, published, inputsHash, attempts, lastError, startedAt, endedAt,
        runId, reads, mutations, version);
  }

  public StepRecord withOutputs(Map<String, String> newOutputs) {
    return new StepRecord(env, stepId, status, specHash, newOutputs, published, inputsHash, attempts, lastError, startedAt, endedAt,
        runId, reads, mutations, version);
  }

  /** The record as it starts a new attempt in a run. */
  public StepRecord started(StepStatus newStatus, String newRunId, Instant now) {
    return new StepRecord(env, stepId, newStatus, specHash, outputs, published, inputsHash, attempts + 1, null, now, null, newRunId,
        0, 0, version);
  }

  /** The record as an attempt ends. */
  public StepRecord ended(StepStatus newStatus, String newSpecHash, String error, Instant now, long newReads,
      long newMutations) {
    return new StepRecord(env, stepId, newStatus, newSpecHash, outputs, published, inputsHash, attempts, error, startedAt, now, runId,
        newReads, newMutations, version);
  }

  public StepRecord withPublished(String newPublished) {
    return new StepRecord(env, stepId, status, specHash, outputs, newPublished, inputsHash, attempts, lastError,
        startedAt, endedAt, runId, reads, mutations, version);
  }

  public StepRecord withInputsHash(String newInputsHash) {
    return new StepRecord(env, stepId, status, specHash, outputs, published, newInputsHash, attempts, lastError,
        startedAt, endedAt, runId, reads, mutations, version);
  }

  public StepRecord withVersion(long newVersion) {
    return new StepRecord(env, stepId, status, specHash, outputs, published, inputsHash, attempts, lastError, startedAt, endedAt, runId,
        reads, mutations, newVersion);
  }
}
