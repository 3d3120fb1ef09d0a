package io.provisioner.orchestrator.engine;

/**
 * @param parallelism steps run at once
 * @param emulator true against an emulator: services it lacks make their steps SKIPPED
 * @param deleteData rollback may delete data-bearing resources
 * @param holder who takes the lock (user@host pid command)
 */
public record EngineOptions(int parallelism, boolean emulator, boolean deleteData, String holder) {
  public EngineOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
  }
}
