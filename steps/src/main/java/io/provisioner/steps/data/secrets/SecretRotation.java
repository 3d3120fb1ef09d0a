package io.provisioner.steps.data.secrets;

import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The rotation configuration of the database secret: function and interval, turned on with {@code
 * RotateSecret} only when the live configuration differs, and turned off with {@code
 * CancelRotateSecret}.
 *
 * <p>{@code RotateImmediately} is false: the first rotation happens one interval after rotation is
 * turned on. The database instance is made by {@code data.rds}, which this step does not wait for,
 * so an immediate rotation could run before there is a database to set the password in; and a
 * converge that re-enables rotation (after a rollback and restore) must not change a password the
 * applications are using. Secrets Manager still tests the configuration by invoking the function's
 * {@code testSecret} step. To rotate at once, e.g. to create the login in a new database: {@code aws
 * secretsmanager rotate-secret --secret-id <name>}.
 */
final class SecretRotation {
  private static final Logger LOG = LoggerFactory.getLogger(SecretRotation.class);
  private static final Pattern RATE_DAYS = Pattern.compile("rate\\((\\d{1,4}) days?\\)");
  static final String CURRENT = "AWSCURRENT";
  static final String PENDING = "AWSPENDING";

  private final SecretsManagerClient secrets;
  private final String name;

  SecretRotation(SecretsManagerClient secrets, String name) {
    this.secrets = secrets;
    this.name = name;
  }

  /** Rotation by {@code functionArn} every {@code days} days; no call when it is configured so already. */
  void enable(String functionArn, int days) {
    try {
      DescribeSecretResponse secret = secrets.describeSecret(b -> b.secretId(name));
      if (differences(secret, functionArn, days).isEmpty()) {
        return;
      }
      if (!Boolean.TRUE.equals(secret.rotationEnabled())) {
        clearAbandonedPending(secret);
      }
      try {
        secrets.rotateSecret(b -> b
            .secretId(secret.arn())
            .rotationLambdaARN(functionArn)
            .rotationRules(r -> r.automaticallyAfterDays((long) days))
            .rotateImmediately(false));
      } catch (SecretsManagerException e) {
        if (AwsErrors.hasCode(e, "InvalidRequestException")) {
          throw new StepException("turning on rotation of secret " + name + " was refused: " + e.getMessage()
              + "; if a rotation is still in progress, let it finish (or cancel it with 'aws secretsmanager "
              + "cancel-rotate-secret' and remove its AWSPENDING label) and run 'up' again", e);
        }
        throw e;
      }
      LOG.info("configured rotation [step={}] [secret={}] [function={}] [days={}]", SecretsStep.ID, name, functionArn,
          days);
    } catch (SdkException e) {
      throw new StepException("configuring the rotation of secret " + name + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Turns rotation off when it is on, and removes the AWSPENDING label a cancelled or failed
   * rotation left behind (which would otherwise block the next {@code RotateSecret}). Missing is
   * done; a secret that is not {@code ours} is left alone.
   */
  void disable(java.util.function.Predicate<DescribeSecretResponse> ours) {
    try {
      DescribeSecretResponse secret;
      try {
        secret = secrets.describeSecret(b -> b.secretId(name));
      } catch (SecretsManagerException e) {
        if (AwsErrors.isNotFound(e)) {
          return;
        }
        throw e;
      }
      if (secret.deletedDate() != null || !ours.test(secret)) {
        return;
      }
      if (Boolean.TRUE.equals(secret.rotationEnabled())) {
        secrets.cancelRotateSecret(b -> b.secretId(secret.arn()));
        LOG.info("cancelled rotation [step={}] [secret={}]", SecretsStep.ID, name);
      }
      clearAbandonedPending(secret);
    } catch (SdkException e) {
      throw new StepException("turning off the rotation of secret " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** Read-only: how the live rotation differs from rotation by {@code functionArn} every {@code days} days. */
  static List<String> differences(DescribeSecretResponse secret, String functionArn, int days) {
    List<String> differences = new ArrayList<>();
    String prefix = "secret " + secret.name() + ": ";
    if (!Boolean.TRUE.equals(secret.rotationEnabled())) {
      differences.add(prefix + "rotation is disabled, expected every " + days + " days by " + functionArn);
      return differences;
    }
    if (!Objects.equals(functionArn, secret.rotationLambdaARN())) {
      differences.add(prefix + "rotation function is " + secret.rotationLambdaARN() + ", expected " + functionArn);
    }
    Integer liveDays = days(secret);
    if (liveDays == null || liveDays != days) {
      differences.add(prefix + "rotation every " + (liveDays == null ? "(no interval)" : liveDays + " days")
          + ", expected every " + days + " days");
    }
    return differences;
  }

  /** The interval in days: {@code AutomaticallyAfterDays}, or a {@code rate(N days)} schedule. */
  static Integer days(DescribeSecretResponse secret) {
    if (secret.rotationRules() == null) {
      return null;
    }
    Long days = secret.rotationRules().automaticallyAfterDays();
    if (days != null && days > 0) {
      return days.intValue();
    }
    String schedule = secret.rotationRules().scheduleExpression();
    if (schedule != null) {
      Matcher rate = RATE_DAYS.matcher(schedule.strip());
      if (rate.matches()) {
        return Integer.parseInt(rate.group(1));
      }
    }
    return null;
  }

  /** Removes AWSPENDING from versions that are not AWSCURRENT: what a cancelled rotation leaves. */
  private void clearAbandonedPending(DescribeSecretResponse secret) {
    for (Map.Entry<String, List<String>> version : secret.versionIdsToStages().entrySet()) {
      List<String> stages = version.getValue();
      if (stages.contains(PENDING) && !stages.contains(CURRENT)) {
        secrets.updateSecretVersionStage(b -> b.secretId(secret.arn()).versionStage(PENDING)
            .removeFromVersionId(version.getKey()));
        LOG.info("removed an abandoned AWSPENDING label [step={}] [secret={}] [version={}]", SecretsStep.ID, name,
            version.getKey());
      }
    }
  }
}
