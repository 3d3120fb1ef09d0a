package io.provisioner.orchestrator.engine;

import io.provisioner.steps.Checkpoints;
import java.util.Map;
import java.util.Optional;

/** The checkpoints a step sees during plan and verify: readable, never written. */
final class ReadOnlyCheckpoints implements Checkpoints {
  private final String stepId;
  private final Map<String, String> values;

  ReadOnlyCheckpoints(String stepId, Map<String, String> values) {
    this.stepId = stepId;
    this.values = Map.copyOf(values);
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  @Override
  public void put(String key, String value) {
    throw new IllegalStateException("step " + stepId + " tried to record '" + key + "' during a read-only check");
  }

  @Override
  public void remove(String key) {
    throw new IllegalStateException("step " + stepId + " tried to forget '" + key + "' during a read-only check");
  }

  @Override
  public Map<String, String> all() {
    return values;
  }
}
