package io.provisioner.steps.data.secrets;

/**
 * What {@code data.secrets} publishes (ARNs only: no secret value ever leaves Secrets Manager
 * through state).
 *
 * @param dbCredentialsArn the database credentials secret
 * @param cacheAuthTokenArn the cache AUTH token secret
 * @param rotationFunctionArn the rotation function, null when rotation is off
 */
public record SecretsOutputs(String dbCredentialsArn, String cacheAuthTokenArn, String rotationFunctionArn) {}
