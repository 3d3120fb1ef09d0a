package io.provisioner.steps;

import java.time.Duration;
import java.util.Objects;

/**
 * How long steps wait. {@code eventualConsistency} bounds the retries of calls that fail only
 * because a new resource is not visible yet (an IAM role not yet assumable...); {@code
 * resourceReady} bounds waiters for long-running creations (databases, NAT gateways...).
 */
public record Waits(Duration eventualConsistency, Duration resourceReady, Duration pollInterval) {
  public Waits {
    Objects.requireNonNull(eventualConsistency, "eventualConsistency");
    Objects.requireNonNull(resourceReady, "resourceReady");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isZero() || pollInterval.isNegative()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
  }

  public static Waits defaults() {
    return new Waits(Duration.ofMinutes(2), Duration.ofMinutes(60), Duration.ofSeconds(5));
  }
}
