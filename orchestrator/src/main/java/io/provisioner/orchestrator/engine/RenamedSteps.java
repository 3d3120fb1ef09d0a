package io.provisioner.orchestrator.engine;

import io.provisioner.state.Lease;
import io.provisioner.state.StateStore;
import io.provisioner.state.StepRecord;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step ids are state keys: a step renamed in the code keeps its old ids as aliases, and the first
 * locked run after the rename moves the record from the old id to the new one, so a resume or a
 * rollback still finds what the step made.
 */
final class RenamedSteps {
  private static final Logger LOG = LoggerFactory.getLogger(RenamedSteps.class);

  private final Map<String, Set<String>> aliases;

  /** @param aliases step id to its former ids */
  RenamedSteps(Map<String, Set<String>> aliases) {
    this.aliases = Map.copyOf(aliases);
  }

  /** Moves the records kept under a former id to the current one; a record under the current id wins. */
  void adopt(StateStore store, String env, Lease lease) {
    aliases.forEach((id, former) -> {
      if (store.step(env, id).isPresent()) {
        return;
      }
      for (String old : former) {
        Optional<StepRecord> record = store.step(env, old);
        if (record.isPresent()) {
          StepRecord r = record.get();
          store.save(new StepRecord(env, id, r.status(), r.specHash(), r.outputs(), r.published(), r.inputsHash(),
              r.attempts(), r.lastError(), r.startedAt(), r.endedAt(), r.runId(), r.reads(), r.mutations(), 0), lease);
          store.delete(r, lease);
          LOG.info("step record moved to the step's new id [env={}] [from={}] [to={}]", env, old, id);
          return;
        }
      }
    });
  }
}
