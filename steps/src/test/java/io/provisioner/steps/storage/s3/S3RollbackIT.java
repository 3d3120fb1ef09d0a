package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/** Rollback never deletes a bucket that holds objects unless asked to; asked, it deletes everything. */
@ExtendWith(EmulatorExtension.class)
class S3RollbackIT {

  private TestHarness harness;
  private String keyId;
  private S3Step step;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    keyId = S3TestSupport.prepareKey(harness);
    step = new S3Step(S3TestSupport.itSpec());
    harness.create(step);
    // The step's TLS-only bucket policy stays: the emulator's shim evaluates its condition, so the
    // test can write objects and the step's rollback can delete them, as on S3 over TLS.
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
  void rollback_whenABucketHoldsObjects_withoutDeleteData_deletesNothingAndNamesEachNonEmptyBucket() {
    String backups = bucket("backups");
    writeVersionsAndADeleteMarker(backups);
    Map<String, String> outputsBefore = harness.checkpointsOf(S3Step.ID);

    assertThatThrownBy(() -> harness.rollback(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("rollback of storage.s3 refused before deleting anything")
        .hasMessageContaining("bucket " + backups + ": holds 3 object versions and delete markers")
        .hasMessageContaining("bucket " + bucket(S3Spec.ACCESS_LOGS) + ": holds ")
        .hasMessageContaining("run again with --delete-data to delete them with their objects")
        .message().doesNotContain("bucket " + bucket("static-assets") + ": holds");

    assertThat(S3TestSupport.bucketsOf(harness)).containsExactlyInAnyOrder(
        bucket(S3Spec.ACCESS_LOGS), bucket("static-assets"), backups);
    assertThat(versionsAndMarkers(backups)).isEqualTo(3);
    assertThat(harness.checkpointsOf(S3Step.ID)).isEqualTo(outputsBefore);
  }

  @Test
  void rollback_withDeleteData_deletesVersionsDeleteMarkersAndEveryBucket() {
    String backups = bucket("backups");
    writeVersionsAndADeleteMarker(backups);
    assertThat(versionsAndMarkers(bucket(S3Spec.ACCESS_LOGS))).as("access logs delivered").isPositive();
    harness.deleteData(true);

    harness.rollback(step);

    assertThat(S3TestSupport.bucketsOf(harness)).isEmpty();
    assertThat(harness.checkpointsOf(S3Step.ID)).isEmpty();
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.MISSING);
    harness.rollback(step);
  }

  @Test
  void rollback_afterTheSpecDroppedABucket_stillDeletesTheRecordedOne() {
    harness.deleteData(true);
    S3Spec smaller = new S3Spec(List.of(S3TestSupport.itSpec().buckets().get(0)), S3TestSupport.itSpec().accessLogs());
    Step shrunk = new S3Step(smaller);

    harness.rollback(shrunk);

    assertThat(S3TestSupport.bucketsOf(harness)).isEmpty();
    assertThat(harness.checkpointsOf(S3Step.ID)).isEmpty();
  }

  /** Two versions of one key, then a delete marker on top: three entries, no current object. */
  private void writeVersionsAndADeleteMarker(String bucket) {
    S3Client s3 = harness.client(S3Client.class);
    s3.putObject(r -> r.bucket(bucket).key("db/dump.sql"), RequestBody.fromString("v1"));
    s3.putObject(r -> r.bucket(bucket).key("db/dump.sql"), RequestBody.fromString("v2"));
    s3.deleteObject(r -> r.bucket(bucket).key("db/dump.sql"));
    ListObjectVersionsResponse listing = s3.listObjectVersions(r -> r.bucket(bucket));
    assertThat(listing.versions()).hasSize(2);
    assertThat(listing.deleteMarkers()).hasSize(1);
  }

  private int versionsAndMarkers(String bucket) {
    ListObjectVersionsResponse listing = harness.client(S3Client.class).listObjectVersions(r -> r.bucket(bucket));
    return listing.versions().size() + listing.deleteMarkers().size();
  }

  private String bucket(String suffix) {
    return S3TestSupport.bucketName(harness, suffix);
  }
}
