package io.provisioner.orchestrator.dag;

import java.time.Duration;

/**
 * How one node ended in a run of the {@link DagExecutor}.
 *
 * @param id node id
 * @param outcome what happened
 * @param detail error message, skip reason or null
 * @param elapsed time the node's work took (zero when it did not run)
 */
public record NodeResult(String id, Outcome outcome, String detail, Duration elapsed) {
  public enum Outcome {
    /** The work ran and succeeded. */
    SUCCEEDED,
    /** The work ran and failed. */
    FAILED,
    /** Nothing to do (already done, unchanged) or not applicable (unsupported by the endpoint). */
    SKIPPED,
    /** Not started: a dependency failed or the run was stopped. */
    NOT_RUN
  }
}
