package io.provisioner.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of a command on an environment: who ran it, when, how it ended and what each step did.
 *
 * @param env environment name
 * @param runId unique id (time-ordered)
 * @param command the CLI command, e.g. {@code up}
 * @param who the caller identity (ARN) or local user
 * @param startedAt start of the run
 * @param endedAt end of the run, null while it runs
 * @param result RUNNING, SUCCEEDED, FAILED or STOPPED
 * @param steps per-step timings and API-call counts
 * @param version optimistic-locking version
 */
public record RunRecord(
    String env,
    String runId,
    String command,
    String who,
    Instant startedAt,
    Instant endedAt,
    String result,
    List<StepRun> steps,
    long version) {

  public RunRecord {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(command, "command");
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** What one step did in the run. */
  public record StepRun(String stepId, String status, Instant startedAt, Instant endedAt, long reads,
      long mutations, String error) {}

  public RunRecord ended(String newResult, Instant now, List<StepRun> newSteps) {
    return new RunRecord(env, runId, command, who, startedAt, now, newResult, newSteps, version);
  }

  public RunRecord withVersion(long newVersion) {
    return new RunRecord(env, runId, command, who, startedAt, endedAt, result, steps, newVersion);
  }
}
