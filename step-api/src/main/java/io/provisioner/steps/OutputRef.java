package io.provisioner.steps;

import java.util.Objects;

/**
 * A typed reference to what another step publishes: its id and the record type of its outputs.
 * A step lists the references it reads in {@link Step#references()}; its dependencies are derived
 * from them, and the engine refuses a read of outputs the step did not declare.
 *
 * <p>The producing step declares its reference as a constant next to its id:
 *
 * <pre>{@code
 * public static final OutputRef<KmsOutputs> OUTPUTS = OutputRef.of(ID, KmsOutputs.class);
 * }</pre>
 *
 * @param stepId the id of the step that publishes the outputs
 * @param type the record type of the outputs
 */
public record OutputRef<T extends Record>(String stepId, Class<T> type) {
  public OutputRef {
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(type, "type");
  }

  public static <T extends Record> OutputRef<T> of(String stepId, Class<T> type) {
    return new OutputRef<>(stepId, type);
  }

  @Override
  public String toString() {
    return stepId + ":" + type.getSimpleName();
  }
}
