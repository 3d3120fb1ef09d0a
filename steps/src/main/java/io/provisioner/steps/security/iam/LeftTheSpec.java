package io.provisioner.steps.security.iam;

import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Reconciler.Mode;
import io.provisioner.steps.kernel.Resource;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * What earlier runs recorded and the spec no longer names: roles, instance profiles, policies and
 * groups whose {@code <kind>.<name>.arn} is still in the checkpoints. IAM entities hold no data, so
 * converge deletes them (after everything in the spec is converged), verify reports each one that
 * still exists, and rollback deletes them with the rest, in the same reverse order.
 */
final class LeftTheSpec {
  private final Reconciler loop;
  /** The step's loop in DELETE mode; otherwise a DELETE loop of its own, finished only when converging. */
  private final Reconciler retiring;

  LeftTheSpec(Reconciler loop, String stepId) {
    this.loop = loop;
    this.retiring = loop.mode() == Mode.DELETE ? loop : Reconciler.of(loop.context(), stepId, Mode.DELETE);
  }

  /** Declares the leftovers of one kind: recorded under {@code <prefix>.<name>.arn}, not among {@code wanted}. */
  void declare(String prefix, Collection<String> wanted, Function<String, Resource<?>> leftover) {
    for (String logical : recorded(prefix)) {
      if (!wanted.contains(logical)) {
        Resource<?> resource = leftover.apply(logical);
        if (retiring.ensure(resource).isPresent() && loop.mode() == Mode.VERIFY) {
          loop.difference(resource.description() + " is no longer in the spec");
        }
      }
    }
  }

  /** Deletes the leftovers found, when converging. */
  void finish() {
    if (loop.mode() == Mode.CONVERGE) {
      retiring.finish();
    }
  }

  private List<String> recorded(String prefix) {
    String start = prefix + ".";
    return loop.context().checkpoints().all().keySet().stream()
        .filter(k -> k.startsWith(start) && k.endsWith(".arn"))
        .map(k -> k.substring(start.length(), k.length() - ".arn".length()))
        .sorted()
        .toList();
  }
}
