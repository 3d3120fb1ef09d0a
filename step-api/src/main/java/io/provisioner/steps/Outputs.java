package io.provisioner.steps;

import java.util.Map;
import java.util.Optional;

/** The recorded outputs of a completed step, as read by the steps that depend on it. */
public record Outputs(String stepId, Map<String, String> values) {
  public Outputs {
    values = Map.copyOf(values);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The output, or a {@link StepException} naming the step and key when it was never recorded. */
  public String require(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new StepException(
          "output '" + key + "' of step " + stepId + " is missing; run 'up' so " + stepId + " completes");
    }
    return value;
  }
}
