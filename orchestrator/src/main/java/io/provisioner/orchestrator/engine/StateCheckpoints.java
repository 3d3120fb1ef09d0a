package io.provisioner.orchestrator.engine;

import io.provisioner.state.Lease;
import io.provisioner.state.StateStore;
import io.provisioner.state.StepRecord;
import io.provisioner.steps.Checkpoints;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A step's checkpoints kept in its state record: every put or remove is a conditional, fenced write
 * that is durable before the method returns. One instance per running step; the engine reads the
 * final record back through {@link #record()}.
 */
final class StateCheckpoints implements Checkpoints {
  private final StateStore store;
  private final Supplier<Lease> lease;
  private StepRecord record;

  StateCheckpoints(StateStore store, Supplier<Lease> lease, StepRecord record) {
    this.store = store;
    this.lease = lease;
    this.record = record;
  }

  synchronized StepRecord record() {
    return record;
  }

  synchronized void replace(StepRecord newRecord) {
    this.record = newRecord;
  }

  @Override
  public synchronized Optional<String> get(String key) {
    return Optional.ofNullable(record.outputs().get(key));
  }

  @Override
  public synchronized void put(String key, String value) {
    if (value.equals(record.outputs().get(key))) {
      return;
    }
    Map<String, String> outputs = new HashMap<>(record.outputs());
    outputs.put(key, value);
    record = store.save(record.withOutputs(outputs), lease.get());
  }

  @Override
  public synchronized void remove(String key) {
    if (!record.outputs().containsKey(key)) {
      return;
    }
    Map<String, String> outputs = new HashMap<>(record.outputs());
    outputs.remove(key);
    record = store.save(record.withOutputs(outputs), lease.get());
  }

  /** Stores the step's published outputs (JSON), durable before it returns. */
  synchronized void publish(String json) {
    if (json.equals(record.published())) {
      return;
    }
    record = store.save(record.withPublished(json), lease.get());
  }

  @Override
  public synchronized Map<String, String> all() {
    return record.outputs();
  }
}
