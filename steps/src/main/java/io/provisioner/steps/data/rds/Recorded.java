package io.provisioner.steps.data.rds;

import io.provisioner.steps.Checkpoints;

/** Checkpoint writes that happen only when the value changes, so a converged run writes nothing. */
final class Recorded {
  private Recorded() {}

  static void remember(Checkpoints checkpoints, String key, String value) {
    if (value != null && !checkpoints.get(key).filter(value::equals).isPresent()) {
      checkpoints.put(key, value);
    }
  }
}
