package io.provisioner.steps.storage.s3;

import java.util.List;

/**
 * One setting of a bucket (versioning, encryption, policy...): what differs from the spec, and how
 * to make it so. {@link ManagedBucket} calls {@link #apply} only when {@link #differences} found
 * something, so a converged bucket sees reads only.
 */
interface BucketSetting {

  /** What differs, each in words without the bucket's name; empty when in sync. Read-only. */
  List<String> differences(BucketCalls bucket);

  /** Puts the setting as specified, keeping what belongs to others where the API shares it. */
  void apply(BucketCalls bucket);
}
