package io.provisioner.state;

/** Where a step stands in an environment. */
public enum StepStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED,
  ROLLING_BACK,
  ROLLED_BACK,
  SKIPPED,
  /** Not started because a step it depends on failed or the run was stopped. */
  NOT_RUN
}
