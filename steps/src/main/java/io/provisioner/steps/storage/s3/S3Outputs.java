package io.provisioner.steps.storage.s3;

import io.provisioner.steps.StepException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code storage.s3} publishes: the access-log bucket, and each application bucket by its
 * suffix (as in {@code storage.s3.buckets}).
 */
public record S3Outputs(Bucket accessLogs, Map<String, Bucket> buckets) {

  /** One bucket: its name and ARN. */
  public record Bucket(String name, String arn) {}

  public S3Outputs {
    buckets = Map.copyOf(buckets);
  }

  /** The application bucket of a suffix of {@code storage.s3.buckets}. */
  public Bucket bucket(String suffix) {
    Bucket bucket = buckets.get(suffix);
    if (bucket == null) {
      throw new StepException("storage.s3 has published no bucket " + suffix + "; it has "
          + new TreeMap<>(buckets).keySet() + ": add it to storage.s3.buckets and run up");
    }
    return bucket;
  }
}
