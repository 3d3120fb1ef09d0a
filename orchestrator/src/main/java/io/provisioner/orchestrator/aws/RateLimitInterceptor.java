package io.provisioner.orchestrator.aws;

import io.github.resilience4j.ratelimiter.RateLimiter;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Waits for a permit of its client's rate limiter before each call (bounded by the limiter's timeout). */
final class RateLimitInterceptor implements ExecutionInterceptor {
  private final RateLimiter limiter;

  RateLimitInterceptor(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (!limiter.acquirePermission()) {
      throw SdkClientException.create("client-side rate limit " + limiter.getName()
          + " gave no permit within " + limiter.getRateLimiterConfig().getTimeoutDuration());
    }
  }
}
