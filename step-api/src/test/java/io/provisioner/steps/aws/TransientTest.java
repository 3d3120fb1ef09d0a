package io.provisioner.steps.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.Waits;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class TransientTest {
  private static final Waits FAST = new Waits(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMillis(5));

  private static AwsServiceException error(String code) {
    return AwsServiceException.builder().awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
        .statusCode(400).build();
  }

  @Test
  void retry_retriesTheNamedCode_untilItSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    String result = Transient.retry(FAST, "attach", Set.of("NoSuchEntity"), () -> {
      if (calls.incrementAndGet() < 3) {
        throw error("NoSuchEntity");
      }
      return "done";
    });
    assertThat(result).isEqualTo("done");
    assertThat(calls).hasValue(3);
  }

  @Test
  void retry_throwsOtherErrorsAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> Transient.retry(FAST, "attach", Set.of("NoSuchEntity"), () -> {
      calls.incrementAndGet();
      throw error("AccessDenied");
    })).isInstanceOf(AwsServiceException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void attempts_keepTheSumOfPausesWithinTheEventualConsistencyBound() {
    Waits waits = new Waits(Duration.ofMinutes(2), Duration.ofMinutes(60), Duration.ofSeconds(5));
    int attempts = Transient.attempts(waits);
    long total = 0;
    for (int i = 1; i < attempts; i++) {
      total += Transient.intervals(waits).apply(i);
    }
    assertThat(total).isLessThanOrEqualTo(Duration.ofMinutes(2).toMillis());
    assertThat(total).isGreaterThan(Duration.ofMinutes(1).toMillis());
    assertThat(Transient.intervals(waits).apply(50)).isLessThanOrEqualTo(Duration.ofSeconds(40).toMillis());
  }
}
