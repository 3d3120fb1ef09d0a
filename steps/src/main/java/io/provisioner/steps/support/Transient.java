package io.provisioner.steps.support;

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
 * second ago). Bounded by {@link Waits#eventualConsistency()}; any other error is thrown at once.
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
    Duration initial = waits.pollInterval();
    long attempts = Math.max(2,
        Math.min(50, waits.eventualConsistency().toMillis() / Math.max(1, initial.toMillis())));
    RetryConfig config = RetryConfig.custom()
        .maxAttempts((int) attempts)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(initial, 1.5, waits.eventualConsistency()))
        .retryOnException(retryable)
        .failAfterMaxAttempts(false)
        .build();
    Retry retry = Retry.of(what, config);
    return Retry.decorateSupplier(retry, call).get();
  }

  public static void run(Waits waits, String what, Set<String> eventualConsistencyCodes, Runnable call) {
    retry(waits, what, eventualConsistencyCodes, () -> {
      call.run();
      return null;
    });
  }
}
