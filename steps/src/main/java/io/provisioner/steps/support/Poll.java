package io.provisioner.steps.support;

import io.provisioner.steps.aws.AwsErrors;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.MaxRetriesExceededException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Waits;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls something asynchronous until it settles where the SDK has no waiter (an account being
 * created, a control being enabled, a transit gateway becoming available, endpoints being deleted):
 * every {@link Waits#pollInterval()} for at most {@link Waits#resourceReady()}. Throttling errors
 * of the read are retried within the same budget; any other error is thrown at once.
 *
 * <pre>{@code
 * CreateAccountStatus s = Poll.until(ctx.waits(), "creation of account dev",
 *     () -> org.describeCreateAccountStatus(r -> r.createAccountRequestId(id)).createAccountStatus(),
 *     st -> st.state() != CreateAccountState.IN_PROGRESS);
 * }</pre>
 */
public final class Poll {
  private Poll() {}

  /**
   * @return the first result that is {@code settled}
   * @throws StepException when it did not settle within {@link Waits#resourceReady()}
   */
  public static <T> T until(Waits waits, String what, Supplier<T> read, Predicate<T> settled) {
    long interval = Math.max(1, waits.pollInterval().toMillis());
    long attempts = Math.max(2, Math.min(100_000, waits.resourceReady().toMillis() / interval + 1));
    RetryConfig config = RetryConfig.<T>custom()
        .maxAttempts((int) attempts)
        .intervalFunction(IntervalFunction.of(waits.pollInterval()))
        .retryOnResult(result -> !settled.test(result))
        .retryOnException(AwsErrors::isThrottling)
        .failAfterMaxAttempts(true)
        .build();
    Retry retry = Retry.of(what, config);
    try {
      return Retry.decorateSupplier(retry, read).get();
    } catch (MaxRetriesExceededException e) {
      throw new StepException("gave up waiting for " + what + " after " + waits.resourceReady()
          + "; it may still finish: run the same command again to pick it up, or raise "
          + "execution.resourceReadySeconds", e);
    }
  }
}
