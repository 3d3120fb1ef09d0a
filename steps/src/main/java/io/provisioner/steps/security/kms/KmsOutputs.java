package io.provisioner.steps.security.kms;

/**
 * What {@code security.kms} publishes: the environment key, and its equivalent in the DR region
 * when the spec asks for one (null otherwise).
 */
public record KmsOutputs(String keyId, String keyArn, String alias, String drKeyId, String drKeyArn) {}
