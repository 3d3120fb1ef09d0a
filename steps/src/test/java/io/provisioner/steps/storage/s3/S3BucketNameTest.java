package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import org.junit.jupiter.api.Test;

class S3BucketNameTest {
  private static final String ACCOUNT = "123456789012";

  @Test
  void of_joinsProjectEnvSuffixAccountAndRegion() {
    assertThat(BucketName.of("provisioner", "prod", "static-assets", "buckets[0].suffix", ACCOUNT, "us-east-1"))
        .isEqualTo("provisioner-prod-static-assets-123456789012-us-east-1");
  }

  @Test
  void of_atExactly63Characters_isAccepted() {
    String suffix = "s".repeat(63 - "p-e--123456789012-us-east-1".length());

    assertThat(BucketName.of("p", "e", suffix, "buckets[0].suffix", ACCOUNT, "us-east-1")).hasSize(63);
  }

  @Test
  void of_over63Characters_namesTheFieldAndHowMuchToCut() {
    String suffix = "s".repeat(64 - "p-e--123456789012-us-east-1".length());

    assertThatThrownBy(() -> BucketName.of("p", "e", suffix, "buckets[2].suffix", ACCOUNT, "us-east-1"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("for buckets[2].suffix is not a valid S3 bucket name")
        .hasMessageContaining("it is 64 characters and S3 allows 63: shorten buckets[2].suffix (or the project or "
            + "environment name) by at least 1");
  }

  @Test
  void of_withAFixedSuffixTooLong_saysToShortenProjectOrEnv() {
    String env = "e".repeat(30);

    assertThatThrownBy(() -> BucketName.of("provisioner", env, "access-logs", "the access-log bucket", ACCOUNT, "us-east-1"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("for the access-log bucket is not a valid S3 bucket name")
        .hasMessageContaining("shorten the project or environment name by at least");
  }

  @Test
  void of_withLongRegionAndProject_failsAtRuntimeThoughTheSpecAcceptedTheSuffix() {
    String suffix = "x".repeat(S3Spec.MAX_SUFFIX_LENGTH);

    assertThatThrownBy(() -> BucketName.of("provisioner", "prod", suffix, "buckets[0].suffix", ACCOUNT, "ap-southeast-2"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("S3 allows 63");
  }

  @Test
  void of_withUppercaseProjectOrEnv_namesThem() {
    assertThatThrownBy(() -> BucketName.of("Provisioner", "Prod", "data", "buckets[0].suffix", ACCOUNT, "us-east-1"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("the project name \"Provisioner\"")
        .hasMessageContaining("the environment name \"Prod\"");
  }

  @Test
  void of_withReservedPrefix_saysItIsReserved() {
    assertThatThrownBy(() -> BucketName.of("xn--a", "prod", "data", "buckets[0].suffix", ACCOUNT, "us-east-1"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("starting with \"xn--\" are reserved");
  }

  @Test
  void arn_usesThePartitionOfTheRegion() {
    assertThat(BucketName.arn("b", "us-east-1")).isEqualTo("arn:aws:s3:::b");
    assertThat(BucketName.arn("b", "cn-north-1")).isEqualTo("arn:aws-cn:s3:::b");
    assertThat(BucketName.arn("b", "us-gov-west-1")).isEqualTo("arn:aws-us-gov:s3:::b");
  }
}
