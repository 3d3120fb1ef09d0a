package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.data.secrets.SecretsStep;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Redis AUTH token, read from its Secrets Manager secret and held in memory only for the one
 * call that needs it (CreateReplicationGroup). It is never logged, checkpointed or put in an
 * exception message: {@link #toString()} hides it and {@link #scrub} removes it from the text of
 * an error before that error is reported.
 */
final class AuthToken {
  static final String REDACTED = "****";
  /** ElastiCache's rules: 16-128 printable characters, the only specials being ! & # $ ^ < > -. */
  private static final String VALID = "[A-Za-z0-9!&#$^<>-]{16,128}";

  private final String value;

  private AuthToken(String value) {
    this.value = value;
  }

  /** Reads the secret's SecretString; a missing, binary or invalid value is a {@link StepException}. */
  static AuthToken read(SecretsManagerClient secrets, String secretArn) {
    String value;
    try {
      value = secrets.getSecretValue(b -> b.secretId(secretArn)).secretString();
    } catch (SdkException e) {
      String why = AwsErrors.hasCode(e, "ResourceNotFoundException") ? "it does not exist; run 'up' so "
          + SecretsStep.ID + " completes" : "[code=" + AwsErrors.code(e) + "]";
      throw new StepException("reading the Redis AUTH token from secret " + secretArn + " failed: " + why, e);
    }
    if (value == null) {
      throw new StepException("secret " + secretArn + " has no SecretString; the Redis AUTH token must be "
          + "stored as the secret's text");
    }
    if (!value.matches(VALID)) {
      throw new StepException("the value of secret " + secretArn + " is not a valid Redis AUTH token: it must be "
          + "16-128 characters of letters, digits and ! & # $ ^ < > - only; store a valid token in that secret");
    }
    return new AuthToken(value);
  }

  /** The token itself, for the request that sets it; never for anything else. */
  String value() {
    return value;
  }

  /** {@code text} with every occurrence of the token replaced by {@value #REDACTED}. */
  String redact(String text) {
    return text == null ? null : text.replace(value, REDACTED);
  }

  /**
   * The error to report for a failed call that carried the token: the cause is kept only when no
   * message or text in its chain contains the token; the message is redacted either way.
   */
  StepException scrub(String what, SdkException e) {
    String message = what + " failed: " + redact(Objects.requireNonNullElse(e.getMessage(), e.getClass().getName()))
        + (AwsErrors.code(e).isEmpty() ? "" : " [code=" + AwsErrors.code(e) + "]");
    return mentionsToken(e).isPresent() ? new StepException(message) : new StepException(message, e);
  }

  private Optional<Throwable> mentionsToken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(value) || String.valueOf(t).contains(value)
          || rawResponse(t).contains(value)) {
        return Optional.of(t);
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (String.valueOf(suppressed).contains(value)) {
          return Optional.of(suppressed);
        }
      }
    }
    return Optional.empty();
  }

  /** The body of a service error as it came back, which a service might fill with the request. */
  private static String rawResponse(Throwable t) {
    if (t instanceof AwsServiceException ase && ase.awsErrorDetails() != null
        && ase.awsErrorDetails().rawResponse() != null) {
      return ase.awsErrorDetails().rawResponse().asUtf8String();
    }
    return "";
  }

  @Override
  public String toString() {
    return "AuthToken[" + REDACTED + "]";
  }
}
