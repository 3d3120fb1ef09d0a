package io.provisioner.steps.aws;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.provisioner.steps.Waits;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retries a call only while it fails with an error known to be transient: throttling, or one of the
 * given eventual-consistency codes (e.g. IAM's {@code MalformedPolicyDocument} for a role created a
 * second ago). The pauses add up to at most {@link Waits#eventualConsistency()}; any other error
 * is thrown at once.
 *
 * <pre>{@code
 * Transient.retry(ctx.waits(), "attach policy to role " + roleName, Set.of("NoSuchEntity"),
 *     () -> iam.attachRolePolicy(...));
 * }</pre>
 */
public final class Transient {
  private Transient() {}

  public static <T> T retry(Waits waits, String what, Set<String> eventualConsistencyCodes, Supplier<T> call) {
    Predicate<Throwable> retryable =
        e -> AwsErrors.isThrottling(e) || eventualConsistencyCodes.contains(AwsErrors.code(e));
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(attempts(waits))
        .intervalFunction(intervals(waits))
        .retryOnException(retryable)
        .failAfterMaxAttempts(false)
        .build();
    Retry retry = Retry.of(what, config);
    return Retry.decorateSupplier(retry, call).get();
  }

  /** Exponential pauses from the poll interval, each at most eight poll intervals. */
  static IntervalFunction intervals(Waits waits) {
    Duration initial = waits.pollInterval();
    Duration cap = initial.multipliedBy(8).compareTo(waits.eventualConsistency()) < 0
        ? initial.multipliedBy(8) : waits.eventualConsistency();
    return IntervalFunction.ofExponentialBackoff(initial, 1.5, cap);
  }

  /** As many attempts as fit in {@link Waits#eventualConsistency()}: the pauses between them add up to at most that. */
  static int attempts(Waits waits) {
    IntervalFunction intervals = intervals(waits);
    long budget = waits.eventualConsistency().toMillis();
    long spent = 0;
    int attempts = 1;
    while (attempts < 1000) {
      long next = intervals.apply(attempts);
      if (spent + next > budget) {
        break;
      }
      spent += next;
      attempts++;
    }
    return Math.max(2, attempts);
  }

  public static void run(Waits waits, String what, Set<String> eventualConsistencyCodes, Runnable call) {
    retry(waits, what, eventualConsistencyCodes, () -> {
      call.run();
      return null;
    });
  }
}
