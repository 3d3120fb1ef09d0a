/**
 * Step {@code storage.s3}: the environment's application buckets and their access-log bucket, each
 * versioned, encrypted, private, TLS-only, tagged and with its lifecycle. {@link
 * io.provisioner.steps.storage.s3.S3Step}, {@link io.provisioner.steps.storage.s3.S3Spec} and
 * {@link io.provisioner.steps.storage.s3.S3Outputs} are the public face; the rest is
 * package-private: the bucket as a kernel resource ({@link
 * io.provisioner.steps.storage.s3.BucketResource}), one class per bucket setting, naming and
 * removal.
 */
package io.provisioner.steps.storage.s3;
