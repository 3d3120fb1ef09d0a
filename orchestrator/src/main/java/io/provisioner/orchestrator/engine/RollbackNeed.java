package io.provisioner.orchestrator.engine;

import io.provisioner.state.StepRecord;
import io.provisioner.state.StepStatus;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a rollback has work for a step, decided from its record alone by one table: a step that
 * ran has something to undo; one that never ran has something only if it recorded something (a
 * write-ahead intent of a failed first attempt, say); one rolled back has nothing.
 */
enum RollbackNeed {
  /** It ran (or was running when the run died): roll it back. */
  ROLL_BACK,
  /** It never ran to the end: roll back only what it recorded. */
  IF_RECORDED,
  /** Nothing of it is left. */
  NOTHING;

  private static final Map<StepStatus, RollbackNeed> BY_STATUS = Map.of(
      StepStatus.COMPLETED, ROLL_BACK,
      StepStatus.FAILED, ROLL_BACK,
      StepStatus.RUNNING, ROLL_BACK,
      StepStatus.ROLLING_BACK, ROLL_BACK,
      StepStatus.ROLLED_BACK, NOTHING,
      StepStatus.PENDING, IF_RECORDED,
      StepStatus.SKIPPED, IF_RECORDED,
      StepStatus.NOT_RUN, IF_RECORDED);

  /** True when a rollback must call the step for this record (none: never seen, nothing to do). */
  static boolean applies(Optional<StepRecord> record) {
    if (record.isEmpty()) {
      return false;
    }
    return switch (BY_STATUS.get(record.get().status())) {
      case ROLL_BACK -> true;
      case IF_RECORDED -> !record.get().outputs().isEmpty() || record.get().published() != null;
      case NOTHING -> false;
    };
  }
}
