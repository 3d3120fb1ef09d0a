package io.provisioner.orchestrator.engine;

/**
 * @param parallelism steps run at once
 * @param emulator true against an emulator: services it lacks make their steps SKIPPED
 * @param deleteData rollback may delete data-bearing resources
 * @param holder who takes the lock (user@host pid command)
 * @param aliases step id to the ids it had before a rename, whose records are moved to it
 */
public record EngineOptions(int parallelism, boolean emulator, boolean deleteData, String holder,
    java.util.Map<String, java.util.Set<String>> aliases) {
  public EngineOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    aliases = aliases == null ? java.util.Map.of() : java.util.Map.copyOf(aliases);
  }

  public EngineOptions(int parallelism, boolean emulator, boolean deleteData, String holder) {
    this(parallelism, emulator, deleteData, holder, java.util.Map.of());
  }
}
