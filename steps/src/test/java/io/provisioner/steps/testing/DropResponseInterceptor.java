package io.provisioner.steps.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Simulates a lost response: after a call of an armed operation succeeded on the server, the
 * client sees an error instead of the response, as when a connection drops on the way back.
 */
public final class DropResponseInterceptor implements ExecutionInterceptor {
  private final Map<String, AtomicInteger> armed = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> dropped = new ConcurrentHashMap<>();

  /** Drops the responses of the next {@code times} successful calls of {@code operation} (e.g. {@code CreateKey}). */
  public void dropNext(String operation, int times) {
    armed.put(operation, new AtomicInteger(times));
  }

  public int droppedCount(String operation) {
    AtomicInteger n = dropped.get(operation);
    return n == null ? 0 : n.get();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    AtomicInteger remaining = armed.get(operation);
    if (remaining != null && remaining.getAndDecrement() > 0) {
      dropped.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      throw SdkClientException.create("simulated lost response of " + operation
          + ": the call reached the service but its response never arrived");
    }
  }
}
