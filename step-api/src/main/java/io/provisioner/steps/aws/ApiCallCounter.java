package io.provisioner.steps.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * SDK interceptor that counts every call per step, reads and mutating calls apart. Clients are
 * shared between steps, so the caller is known from {@link #attribute}: the engine runs each step
 * on one thread and marks that thread with the step id for the duration of the step (synchronous
 * SDK clients run interceptors on the calling thread).
 */
public final class ApiCallCounter implements ExecutionInterceptor {

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
  private static final String UNATTRIBUTED = "-";

  private final Map<String, Counts> counts = new ConcurrentHashMap<>();

  /** Read and mutating call counts of one step. */
  public static final class Counts {
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong mutations = new AtomicLong();

    public long reads() {
      return reads.get();
    }

    public long mutations() {
      return mutations.get();
    }
  }

  /** Marks the current thread as working for {@code stepId} until the returned scope is closed. */
  public static Scope attribute(String stepId) {
    String previous = CURRENT.get();
    CURRENT.set(stepId);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** A scope that restores the previous attribution. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String step = CURRENT.get() == null ? UNATTRIBUTED : CURRENT.get();
    Counts c = counts.computeIfAbsent(step, k -> new Counts());
    if (isRead(operation)) {
      c.reads.incrementAndGet();
    } else {
      c.mutations.incrementAndGet();
    }
  }

  public Counts countsFor(String stepId) {
    return counts.computeIfAbsent(stepId, k -> new Counts());
  }

  public long mutations(String stepId) {
    return countsFor(stepId).mutations();
  }

  public long reads(String stepId) {
    return countsFor(stepId).reads();
  }

  /** Forgets the counts of one step, e.g. before a step's next attempt. */
  public void reset(String stepId) {
    counts.remove(stepId);
  }

  /** True for operations that only read: Describe*, Get*, List*, Head*, ... */
  public static boolean isRead(String operation) {
    if (operation == null) {
      return false;
    }
    for (String prefix :
        new String[] {"Describe", "Get", "List", "Head", "Lookup", "Search", "Scan", "Query", "Check",
          "BatchGet", "Select", "Simulate", "Validate", "Test"}) {
      if (operation.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
