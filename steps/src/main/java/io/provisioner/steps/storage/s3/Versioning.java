package io.provisioner.steps.storage.s3;

import java.util.List;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Versioning Enabled (AWS Backup for S3 needs it too). MFA delete is left as it is. */
final class Versioning implements BucketSetting {

  @Override
  public List<String> differences(BucketCalls bucket) {
    String status = bucket.read("read versioning",
        s3 -> s3.getBucketVersioning(b -> b.bucket(bucket.bucket())).statusAsString());
    if (BucketVersioningStatus.ENABLED.toString().equals(status)) {
      return List.of();
    }
    return List.of("versioning is " + (status == null ? "off (never enabled)" : status) + ", expected Enabled");
  }

  @Override
  public void apply(BucketCalls bucket) {
    bucket.write("enable versioning", s3 -> s3.putBucketVersioning(b -> b.bucket(bucket.bucket())
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))));
  }
}
