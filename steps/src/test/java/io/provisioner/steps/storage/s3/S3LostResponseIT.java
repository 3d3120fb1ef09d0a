package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.testing.TestHarness;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/** A CreateBucket whose response is lost: the next run adopts the bucket the first one made. */
@ExtendWith(EmulatorExtension.class)
class S3LostResponseIT {

  private TestHarness harness;
  private String keyId;
  private S3Step step;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    keyId = S3TestSupport.prepareKey(harness);
    step = new S3Step(S3TestSupport.itSpec());
  }

  @AfterEach
  void cleanUp() {
    try {
      S3TestSupport.deleteLeftovers(harness);
      S3TestSupport.scheduleKeyDeletion(harness, keyId);
    } finally {
      harness.close();
    }
  }

  @Test
  void create_whenCreateBucketResponseIsLost_adoptsTheBucketOnTheNextRun() {
    String logs = S3TestSupport.bucketName(harness, S3Spec.ACCESS_LOGS);
    harness.dropper().dropNext("CreateBucket", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create bucket " + logs);
    assertThat(harness.dropper().droppedCount("CreateBucket")).isEqualTo(1);
    assertThat(S3TestSupport.bucketsOf(harness)).as("the bucket was made, only the answer was lost").containsExactly(logs);
    assertThat(harness.checkpointsOf(S3Step.ID)).doesNotContainKey("bucket.access-logs.name")
        .as("the write-ahead intent of the create").containsKey("intent:access-logs");
    Instant madeAt = creationDate(logs);

    harness.create(step);

    assertThat(S3TestSupport.bucketsOf(harness)).hasSize(3).contains(logs);
    assertThat(creationDate(logs)).as("the same bucket, not a new one").isEqualTo(madeAt);
    assertThat(harness.checkpointsOf(S3Step.ID)).containsEntry("bucket.access-logs.name", logs)
        .containsEntry("bucket.access-logs.arn", "arn:aws:s3:::" + logs).doesNotContainKey("intent:access-logs");
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  private Instant creationDate(String bucket) {
    return harness.client(S3Client.class).listBuckets().buckets().stream()
        .filter(b -> b.name().equals(bucket)).map(Bucket::creationDate).findFirst().orElseThrow();
  }
}
