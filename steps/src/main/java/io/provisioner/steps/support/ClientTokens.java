package io.provisioner.steps.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic idempotency tokens: the same env, step and logical name always give the same token,
 * so a retried create call returns the resource of the first one instead of a twin.
 */
public final class ClientTokens {
  private ClientTokens() {}

  /** A 64-character token (services accept at most 64). */
  public static String of(String env, String stepId, String logicalName) {
    return sha256(env + "|" + stepId + "|" + logicalName);
  }

  /** A token cut to {@code maxLength} characters, for services with a shorter limit. */
  public static String of(String env, String stepId, String logicalName, int maxLength) {
    String token = of(env, stepId, logicalName);
    return token.substring(0, Math.min(maxLength, token.length()));
  }

  static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
