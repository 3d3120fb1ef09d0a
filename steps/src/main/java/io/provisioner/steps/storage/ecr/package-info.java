/**
 * Step {@code storage.ecr}: the environment's private image registry (seed 000 §ECR), one
 * repository with scanning on push, KMS encryption, a lifecycle policy and a repository policy.
 * {@link io.provisioner.steps.storage.ecr.EcrStep}, {@link io.provisioner.steps.storage.ecr.EcrSpec}
 * and {@link io.provisioner.steps.storage.ecr.EcrOutputs} are the public face; the rest is
 * package-private.
 */
package io.provisioner.steps.storage.ecr;
