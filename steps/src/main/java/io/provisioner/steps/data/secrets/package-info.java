/**
 * Step {@code data.secrets}: the database credentials and the cache AUTH token in Secrets Manager,
 * encrypted with the environment's KMS key, fenced by a resource policy, and the database
 * password's rotation by a Lambda function built from {@code src/functions/db-credentials-rotation}.
 * {@link io.provisioner.steps.data.secrets.SecretsStep} and the spec records are the public face;
 * the rest is package-private.
 */
package io.provisioner.steps.data.secrets;
