package io.provisioner.steps.storage.s3;

import io.provisioner.steps.StepException;
import io.provisioner.steps.Waits;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Takes one bucket down: counts what it holds (every object version and delete marker, since the
 * buckets are versioned), deletes all of it when the operator asked for that, then the bucket. A
 * bucket already gone answers {@code NoSuchBucket}, which the loop takes as done.
 */
final class BucketRemoval {
  private static final Logger LOG = LoggerFactory.getLogger(BucketRemoval.class);
  static final String KEEPS_DATA =
      "rollback keeps buckets that hold objects; run again with --delete-data to delete them with their objects";
  /** DeleteObjects takes at most this many keys; ListObjectVersions returns at most this many per page. */
  static final int BATCH = 1000;
  /** Objects written while the bucket was being emptied (late access logs) make DeleteBucket fail. */
  private static final Set<String> STILL_RECEIVING = Set.of("BucketNotEmpty");

  private final S3Client s3;
  private final String bucket;
  private final Waits waits;

  BucketRemoval(S3Client s3, String bucket, Waits waits) {
    this.s3 = s3;
    this.bucket = bucket;
    this.waits = waits;
  }

  /**
   * What the bucket holds, from one page of ListObjectVersions: the number of versions and delete
   * markers, or {@value #BATCH} with {@code more} set when there are more than one page holds.
   */
  record Contents(int count, boolean more) {
    boolean isEmpty() {
      return count == 0 && !more;
    }

    @Override
    public String toString() {
      return (more ? count + " or more" : Integer.toString(count)) + " object versions and delete markers";
    }
  }

  Contents contents() {
    try {
      ListObjectVersionsResponse page = call("list the objects",
          () -> s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(BATCH)));
      return new Contents(page.versions().size() + page.deleteMarkers().size(), Boolean.TRUE.equals(page.isTruncated()));
    } catch (SdkException e) {
      throw new StepException("listing the objects of bucket " + bucket + " failed: " + e.getMessage(), e);
    }
  }

  /** Deletes every version and delete marker, then the bucket. */
  void deleteWithContents() {
    Transient.run(waits, "empty and delete bucket " + bucket, STILL_RECEIVING, () -> {
      deleteAllVersions();
      deleteBucket();
    });
  }

  /**
   * Deletes the bucket, which must be empty.
   *
   * @throws StepException when it holds objects after all (e.g. access logs delivered since the check)
   */
  void deleteEmpty() {
    try {
      deleteBucket();
    } catch (SdkException e) {
      if (AwsErrors.hasCode(e, "BucketNotEmpty")) {
        throw new StepException("bucket " + bucket + " received objects while it was being rolled back (server "
            + "access logs arrive late); " + KEEPS_DATA, e);
      }
      throw e;
    }
  }

  private void deleteBucket() {
    s3.deleteBucket(b -> b.bucket(bucket));
  }

  /** Every version and delete marker, in batches of at most {@value #BATCH}. */
  private void deleteAllVersions() {
    List<ObjectIdentifier> batch = new ArrayList<>();
    long deleted = 0;
    for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket).maxKeys(BATCH))) {
      page.versions().forEach(v -> batch.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
      page.deleteMarkers().forEach(m -> batch.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
      while (batch.size() >= BATCH) {
        List<ObjectIdentifier> slice = new ArrayList<>(batch.subList(0, BATCH));
        batch.subList(0, BATCH).clear();
        deleted += deleteObjects(slice);
      }
    }
    if (!batch.isEmpty()) {
      deleted += deleteObjects(batch);
    }
    if (deleted > 0) {
      LOG.info("deleted objects [step={}] [bucket={}] [versionsAndDeleteMarkers={}]", S3Step.ID, bucket, deleted);
    }
  }

  private int deleteObjects(List<ObjectIdentifier> objects) {
    DeleteObjectsResponse response = call("delete " + objects.size() + " object versions",
        () -> s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(objects).quiet(true))));
    if (response.hasErrors() && !response.errors().isEmpty()) {
      List<String> examples = response.errors().stream().limit(5).map(BucketRemoval::describe).toList();
      throw new StepException("deleting objects of bucket " + bucket + " failed for " + response.errors().size()
          + " of " + objects.size() + ", e.g. " + String.join("; ", examples)
          + "; nothing else was deleted after this batch: fix the cause and run rollback again");
    }
    return objects.size();
  }

  private static String describe(S3Error error) {
    return error.key() + (error.versionId() == null ? "" : " (version " + error.versionId() + ")") + ": "
        + error.code() + " " + error.message();
  }

  private <T> T call(String what, Supplier<T> call) {
    return Transient.retry(waits, what + " of bucket " + bucket, Set.of(), call);
  }
}
