package io.provisioner.steps.kernel;

import io.provisioner.steps.StepException;
import io.provisioner.steps.Waits;
import io.provisioner.steps.aws.AwsErrors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Bounded waiting, on the SDK's generic {@link Waiter}: poll every {@link Waits#pollInterval()}
 * for at most {@link Waits#resourceReady()}. Throttling of the read is retried; any other error
 * ends the wait at once.
 */
public final class Await {
  private Await() {}

  /** The SDK waiter settings of the profile, for the service waiters ({@code waitUntilDBInstanceAvailable}...). */
  public static WaiterOverrideConfiguration config(Waits waits) {
    long attempts = Math.max(2, waits.resourceReady().toMillis() / Math.max(1, waits.pollInterval().toMillis()) + 1);
    return WaiterOverrideConfiguration.builder()
        .waitTimeout(waits.resourceReady())
        .maxAttempts((int) Math.min(Integer.MAX_VALUE, attempts))
        .backoffStrategyV2(BackoffStrategy.fixedDelay(waits.pollInterval()))
        .build();
  }

  /**
   * Reads until {@code done} accepts what was read.
   *
   * @param what what is awaited, for the message, e.g. {@code database prod-db to apply its changes}
   * @return the first accepted read
   * @throws StepException when it did not happen within {@link Waits#resourceReady()}
   */
  @SuppressWarnings("unchecked")
  public static <T> T until(Waits waits, String what, Supplier<T> read, Predicate<T> done) {
    Waiter<Object> waiter = Waiter.builder(Object.class)
        .overrideConfiguration(config(waits))
        .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(r -> done.test((T) r)))
        .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(r -> true))
        .addAcceptor(WaiterAcceptor.retryOnExceptionAcceptor(AwsErrors::isThrottling))
        .build();
    try {
      WaiterResponse<Object> response = waiter.run(read::get);
      return (T) response.matched().response().orElseThrow();
    } catch (SdkClientException e) {
      if (e.getCause() instanceof RuntimeException cause && !(cause instanceof SdkClientException)) {
        throw cause;
      }
      throw new StepException("gave up waiting for " + what + " after " + waits.resourceReady()
          + "; it may still finish: run the same command again to pick it up, or raise "
          + "execution.resourceReadySeconds", e);
    }
  }
}
