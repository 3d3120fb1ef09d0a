/**
 * Step {@code security.kms}: the environment's customer-managed key, its alias, key policy and
 * rotation, in the primary region and (optionally) the DR region. {@link
 * io.provisioner.steps.security.kms.KmsStep} and {@link io.provisioner.steps.security.kms.KmsSpec}
 * are the public face; the rest is package-private.
 */
package io.provisioner.steps.security.kms;
