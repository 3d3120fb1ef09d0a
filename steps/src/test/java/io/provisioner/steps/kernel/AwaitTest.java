package io.provisioner.steps.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import io.provisioner.steps.Waits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  private static final Waits FAST = new Waits(Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofMillis(1));

  @Test
  void until_returnsTheFirstAcceptedRead() {
    AtomicInteger reads = new AtomicInteger();

    int value = Await.until(FAST, "a counter to reach 3", reads::incrementAndGet, v -> v >= 3);

    assertThat(value).isEqualTo(3);
  }

  @Test
  void until_whenNeverAccepted_givesUpAfterResourceReady_sayingWhatItWaitedFor() {
    assertThatThrownBy(() -> Await.until(FAST, "a widget to be ready", () -> "creating", v -> false))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("gave up waiting for a widget to be ready after PT0.3S")
        .hasMessageContaining("execution.resourceReadySeconds");
  }

  @Test
  void until_retriesThrottling_butEndsAtOnceOnAnyOtherError() {
    AtomicInteger reads = new AtomicInteger();
    int value = Await.until(FAST, "throttled reads", () -> {
      if (reads.incrementAndGet() < 3) {
        throw FakeCloud.error("ThrottlingException");
      }
      return reads.get();
    }, v -> true);
    assertThat(value).isEqualTo(3);

    AtomicInteger failing = new AtomicInteger();
    assertThatThrownBy(() -> Await.until(FAST, "a broken read", () -> {
      failing.incrementAndGet();
      throw FakeCloud.error("AccessDenied");
    }, v -> true)).hasMessageContaining("AccessDenied");
    assertThat(failing.get()).isEqualTo(1);
  }
}
