package io.provisioner.steps.network.vpc;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Resource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A resource the spec no longer wants (the NAT gateway and Elastic IP of an AZ after a switch to
 * {@code natGateways: SINGLE}): converge deletes it and forgets its checkpoints, verify reports
 * it. A rollback declares it with the rest instead, so this is for converge and verify only.
 */
final class Surplus {
  private static final Logger LOG = LoggerFactory.getLogger(Surplus.class);

  private Surplus() {}

  /** @param why the end of the difference, e.g. {@code is not expected with natGateways=SINGLE} */
  static <L> void remove(Reconciler loop, Resource<L> resource, String why) {
    Checkpoints checkpoints = loop.context().checkpoints();
    try {
      Optional<L> live = checkpoints.get(resource.idKey()).flatMap(resource::read).or(resource::lookup)
          .filter(l -> !resource.deleted(l));
      if (live.isPresent() && loop.mode() == Reconciler.Mode.VERIFY) {
        loop.difference(resource.description() + " (" + resource.id(live.get()) + ") " + why);
      }
      if (loop.mode() != Reconciler.Mode.CONVERGE) {
        return;
      }
      live.ifPresent(l -> delete(resource, l, why));
    } catch (SdkException e) {
      if (!resource.errors().isNotFound(e)) {
        throw new StepException("find " + resource.description() + " failed: " + e.getMessage(), e);
      }
    }
    if (loop.mode() == Reconciler.Mode.CONVERGE) {
      checkpoints.get(resource.idKey()).ifPresent(id -> checkpoints.remove(resource.idKey()));
      checkpoints.intent(resource.key()).ifPresent(intent -> checkpoints.clearIntent(resource.key()));
    }
  }

  /** Deletes what was found of a resource; not found is done. */
  static <L> void delete(Resource<L> resource, L live, String why) {
    try {
      resource.delete(live);
      LOG.info("deleted [step={}] [resource={}] [id={}] [reason={}]", VpcStep.ID, resource.key(), resource.id(live),
          why);
    } catch (SdkException e) {
      if (!resource.errors().isNotFound(e)) {
        throw new StepException("delete " + resource.description() + " failed: " + e.getMessage(), e);
      }
    }
  }
}
