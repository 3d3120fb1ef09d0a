package io.provisioner.steps;

/**
 * Everything a step sees of the world. Implemented by the orchestrator for real runs and by the
 * test harness for integration tests; a step never reaches state or the engine directly.
 */
public interface StepContext {

  /** The environment name, e.g. {@code prod}; part of every name and tag. */
  String env();

  /** The project name from the profile, e.g. {@code provisioner}. */
  String project();

  /** Where this step works by default: account and region from the profile's placement. */
  Target target();

  /** The disaster-recovery region of the profile. */
  String drRegion();

  /** SDK clients, built lazily per service, account and region and shared between steps. */
  AwsClients clients();

  /** This step's own checkpoints: recorded ids and write-ahead intents. */
  Checkpoints checkpoints();

  /** Recorded outputs of a step this one depends on. */
  Outputs outputsOf(String stepId);

  /** The common tags plus {@code provisioner:env/step/key} for the resource of a logical key. */
  ResourceTags tags();

  /** Timeouts and retry settings for waiting, from the profile. */
  Waits waits();

  /** True only when the operator asked to delete data-bearing resources ({@code --delete-data}). */
  boolean deleteData();
}
