/**
 * Step {@code data.secrets}: the database credentials and the cache AUTH token in Secrets Manager,
 * encrypted with the environment's KMS key, fenced by a resource policy, and the database
 * password's rotation by a Lambda function built from {@code src/functions/db-credentials-rotation},
 * on the resource kernel. {@link io.provisioner.steps.data.secrets.SecretsStep}, {@link
 * io.provisioner.steps.data.secrets.SecretsOutputs} and the spec records are the public face; the
 * rest is package-private.
 */
package io.provisioner.steps.data.secrets;
