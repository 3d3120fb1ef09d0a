package io.provisioner.steps.storage.s3;

import io.provisioner.steps.kernel.Setting;
import java.util.List;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Versioning Enabled (AWS Backup for S3 needs it too). MFA delete is left as it is. */
final class Versioning implements Setting<LiveBucket> {

  @Override
  public List<String> differences(LiveBucket bucket) {
    String status = bucket.s3().getBucketVersioning(b -> b.bucket(bucket.name())).statusAsString();
    if (BucketVersioningStatus.ENABLED.toString().equals(status)) {
      return List.of();
    }
    return List.of("versioning is " + (status == null ? "off (never enabled)" : status) + ", expected Enabled");
  }

  @Override
  public void apply(LiveBucket bucket) {
    bucket.s3().putBucketVersioning(b -> b.bucket(bucket.name())
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
  }
}
