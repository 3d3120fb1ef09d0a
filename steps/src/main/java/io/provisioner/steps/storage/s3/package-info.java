/**
 * Step {@code storage.s3}: the environment's application buckets and their access-log bucket, each
 * versioned, encrypted, private, TLS-only, tagged and with its lifecycle. {@link
 * io.provisioner.steps.storage.s3.S3Step} and {@link io.provisioner.steps.storage.s3.S3Spec} are
 * the public face; the rest is package-private: one class per bucket setting ({@link
 * io.provisioner.steps.storage.s3.BucketSetting}), naming, lookup and removal.
 */
package io.provisioner.steps.storage.s3;
