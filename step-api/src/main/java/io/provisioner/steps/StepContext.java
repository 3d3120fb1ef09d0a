package io.provisioner.steps;

import java.time.Clock;
import java.util.Optional;

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

  /** This step's own checkpoints: recorded ids and write-ahead intents. Never seen by other steps. */
  Checkpoints checkpoints();

  /**
   * The outputs an upstream step published, typed. The reference must be one of this step's
   * {@link Step#references()}; what was read is part of the digest that makes {@code up} converge
   * this step again when it changes.
   *
   * @throws StepException naming the upstream step when it has published nothing yet, or when the
   *     reference is not declared
   */
  <T extends Record> T read(OutputRef<T> ref);

  /** As {@link #read}, but empty when the upstream step has published nothing (yet, or any more). */
  <T extends Record> Optional<T> find(OutputRef<T> ref);

  /**
   * Publishes this step's outputs, replacing what it published before; durable before it returns.
   * Only what is published is visible to other steps.
   */
  void publish(Record outputs);

  /** The common tags plus {@code provisioner:env/step/key} for the resource of a logical key. */
  ResourceTags tags();

  /** Timeouts and retry settings for waiting, from the profile. */
  Waits waits();

  /** The one clock of the run (timestamps in names, ages of resources). */
  Clock clock();

  /** True only when the operator asked to delete data-bearing resources ({@code --delete-data}). */
  boolean deleteData();
}
