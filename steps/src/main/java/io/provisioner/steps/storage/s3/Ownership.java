package io.provisioner.steps.storage.s3;

import java.util.List;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;

/** Object ownership BucketOwnerEnforced: ACLs are off, the bucket owner owns every object. */
final class Ownership implements BucketSetting {

  @Override
  public List<String> differences(BucketCalls bucket) {
    List<String> rules = bucket.readIfSet("read the ownership controls",
            s3 -> s3.getBucketOwnershipControls(b -> b.bucket(bucket.bucket())).ownershipControls().rules())
        .map(r -> r.stream().map(OwnershipControlsRule::objectOwnershipAsString).toList())
        .orElse(List.of());
    if (rules.equals(List.of(ObjectOwnership.BUCKET_OWNER_ENFORCED.toString()))) {
      return List.of();
    }
    return List.of("object ownership is " + (rules.isEmpty() ? "not set" : String.join(", ", rules))
        + ", expected " + ObjectOwnership.BUCKET_OWNER_ENFORCED);
  }

  @Override
  public void apply(BucketCalls bucket) {
    bucket.write("put the ownership controls", s3 -> s3.putBucketOwnershipControls(b -> b.bucket(bucket.bucket())
        .ownershipControls(c -> c.rules(r -> r.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)))));
  }
}
