package io.provisioner.steps.network.transitgateway;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.MaxRetriesExceededException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Waits;
import io.provisioner.steps.support.AwsErrors;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a resource to settle where the SDK has no waiter (there is none for transit gateways
 * and their attachments): reads it every {@link Waits#pollInterval()} until {@code settled} holds,
 * bounded by {@link Waits#resourceReady()}. Throttling while reading is retried within the same
 * bound; any other error is thrown at once.
 */
final class Polling {
  private Polling() {}

  static <T> T until(Waits waits, String what, Supplier<T> read, Predicate<T> settled) {
    Duration interval = waits.pollInterval();
    long attempts = Math.max(2, waits.resourceReady().toMillis() / interval.toMillis() + 1);
    RetryConfig config = RetryConfig.<T>custom()
        .maxAttempts((int) Math.min(Integer.MAX_VALUE, attempts))
        .intervalFunction(IntervalFunction.of(interval))
        .retryOnResult(result -> !settled.test(result))
        .retryOnException(AwsErrors::isThrottling)
        .failAfterMaxAttempts(true)
        .build();
    try {
      return Retry.decorateSupplier(Retry.of(what, config), read).get();
    } catch (MaxRetriesExceededException e) {
      throw new StepException("timed out after " + waits.resourceReady() + " waiting for " + what
          + "; run 'up' again to keep waiting, or raise execution.resourceReadySeconds", e);
    }
  }
}
