package io.provisioner.steps.storage.s3;

import io.provisioner.steps.kernel.Setting;
import java.util.List;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;

/** Object ownership BucketOwnerEnforced: ACLs are off, the bucket owner owns every object. */
final class Ownership implements Setting<LiveBucket> {

  @Override
  public List<String> differences(LiveBucket bucket) {
    List<String> rules = bucket.ifSet("OwnershipControlsNotFoundError",
            s3 -> s3.getBucketOwnershipControls(b -> b.bucket(bucket.name())).ownershipControls().rules())
        .map(r -> r.stream().map(OwnershipControlsRule::objectOwnershipAsString).toList())
        .orElse(List.of());
    if (rules.equals(List.of(ObjectOwnership.BUCKET_OWNER_ENFORCED.toString()))) {
      return List.of();
    }
    return List.of("object ownership is " + (rules.isEmpty() ? "not set" : String.join(", ", rules))
        + ", expected " + ObjectOwnership.BUCKET_OWNER_ENFORCED);
  }

  @Override
  public void apply(LiveBucket bucket) {
    bucket.s3().putBucketOwnershipControls(b -> b.bucket(bucket.name())
        .ownershipControls(c -> c.rules(r -> r.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
  }
}
