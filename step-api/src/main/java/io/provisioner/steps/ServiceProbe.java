package io.provisioner.steps;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A cheap read against one service (e.g. KMS {@code ListKeys} with a limit of 1). In emulator mode
 * the orchestrator calls it before the run; a service the emulator does not implement marks the
 * steps that need it SKIPPED with the reason. Against real AWS nothing is skipped.
 */
public record ServiceProbe(String service, Consumer<StepContext> call) {
  public ServiceProbe {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(call, "call");
  }
}
