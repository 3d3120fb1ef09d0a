package io.provisioner.steps.data.backup;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Resource;
import java.util.Optional;

/**
 * The loop's {@link Reconciler#ensure}, plus what the loop leaves behind: a rollback that finds a
 * resource already gone forgets its recorded id, its other recorded values and its intent.
 */
final class Checkpointed {
  private Checkpointed() {}

  /** @param recordedKeys the keys of the resource's {@link Resource#recorded} values */
  static <L> Optional<L> ensure(Reconciler loop, Resource<L> resource, String... recordedKeys) {
    Optional<L> live = loop.ensure(resource);
    if (live.isEmpty() && loop.mode() == Reconciler.Mode.DELETE) {
      Checkpoints checkpoints = loop.context().checkpoints();
      checkpoints.remove(resource.idKey());
      for (String key : recordedKeys) {
        checkpoints.remove(key);
      }
      checkpoints.clearIntent(resource.key());
    }
    return live;
  }
}
