package io.provisioner.orchestrator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.Waits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sts.model.StsException;

class NewAccountCredentialsTest {
  private static final Waits FAST = new Waits(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(5));

  private static StsException sts(String code) {
    return (StsException) StsException.builder().statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
  }

  @Test
  void resolveCredentials_retriesWhileTheNewAccountRefusesTheRole() {
    AtomicInteger calls = new AtomicInteger();
    NewAccountCredentials credentials = new NewAccountCredentials(() -> {
      if (calls.incrementAndGet() < 3) {
        throw sts("AccessDenied");
      }
      return AwsBasicCredentials.create("AKID", "secret");
    }, FAST, "assume role in prod");

    assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("AKID");
    assertThat(calls).hasValue(3);
  }

  @Test
  void resolveCredentials_givesUpAfterTheBound() {
    AtomicInteger calls = new AtomicInteger();
    NewAccountCredentials credentials = new NewAccountCredentials(() -> {
      calls.incrementAndGet();
      throw sts("AccessDenied");
    }, FAST, "assume role in prod");

    assertThatThrownBy(credentials::resolveCredentials).isInstanceOf(StsException.class);
    assertThat(calls.get()).isBetween(2, 30);
  }

  @Test
  void resolveCredentials_failsAtOnceOnOtherErrors() {
    AtomicInteger calls = new AtomicInteger();
    NewAccountCredentials credentials = new NewAccountCredentials(() -> {
      calls.incrementAndGet();
      throw sts("MalformedPolicyDocument");
    }, FAST, "assume role in prod");

    assertThatThrownBy(credentials::resolveCredentials).isInstanceOf(StsException.class);
    assertThat(calls).hasValue(1);
  }
}
