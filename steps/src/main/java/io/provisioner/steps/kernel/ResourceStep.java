package io.provisioner.steps.kernel;

import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;

/**
 * A step written on the kernel: it declares its resources once, in {@link #reconcile}, and gets
 * create, verify and rollback from the loop's three modes.
 */
public abstract class ResourceStep implements Step {

  /**
   * Declares the step's resources in creation order by calling {@link Reconciler#ensure} on each,
   * and publishes its outputs with {@link Reconciler#publish}. In VERIFY and DELETE modes a
   * resource may be absent: declare what depends on it only when it is there.
   */
  protected abstract void reconcile(Reconciler loop);

  @Override
  public void create(StepContext ctx) {
    reconcile(Reconciler.of(ctx, id(), Reconciler.Mode.CONVERGE));
  }

  @Override
  public Verification verify(StepContext ctx) {
    Reconciler loop = Reconciler.of(ctx, id(), Reconciler.Mode.VERIFY);
    reconcile(loop);
    return loop.verification();
  }

  @Override
  public void rollback(StepContext ctx) {
    Reconciler loop = Reconciler.of(ctx, id(), Reconciler.Mode.DELETE);
    reconcile(loop);
    loop.finish();
  }
}
