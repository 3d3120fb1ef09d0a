package io.provisioner.steps.support;

import io.provisioner.steps.Waits;
import io.provisioner.steps.kernel.Await;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls something asynchronous until it settles where the SDK has no waiter (an account being
 * created, a control being enabled): the kernel's {@link Await}, under the name the steps written
 * before the kernel use. New code calls {@link Await#until} directly.
 */
public final class Poll {
  private Poll() {}

  /**
   * @return the first result that is {@code settled}
   * @throws io.provisioner.steps.StepException when it did not settle within {@link Waits#resourceReady()}
   */
  public static <T> T until(Waits waits, String what, Supplier<T> read, Predicate<T> settled) {
    return Await.until(waits, what, read, settled);
  }
}
