package io.provisioner.steps.data.secrets;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;

/**
 * The rotation configuration of the database secret: it exists while rotation is turned on. Made
 * and changed with {@code RotateSecret} (function and interval), deleted with {@code
 * CancelRotateSecret}. What is read is the secret itself; like the invoke permission, it has no id
 * of its own, nothing is checkpointed for it.
 *
 * <p>{@code RotateImmediately} is false: the first rotation happens one interval after rotation is
 * turned on. The database instance is made by {@code data.rds}, which this step does not wait for,
 * so an immediate rotation could run before there is a database to set the password in; and a
 * converge that turns rotation on again (after a rollback and restore) must not change a password
 * the applications are using. Secrets Manager still tests the configuration by invoking the
 * function's {@code testSecret} step. To rotate at once: {@code aws secretsmanager rotate-secret
 * --secret-id <name>}.
 */
final class RotationResource implements Resource<DescribeSecretResponse> {
  static final String CURRENT = "AWSCURRENT";
  static final String PENDING = "AWSPENDING";
  private static final Logger LOG = LoggerFactory.getLogger(RotationResource.class);
  private static final Pattern RATE_DAYS = Pattern.compile("rate\\((\\d{1,4}) days?\\)");
  private static final ErrorCodes ERRORS =
      ErrorCodes.notFound("ResourceNotFoundException").notYetVisible("ResourceNotFoundException");

  private final SecretsManagerClient secrets;
  private final DescribeSecretResponse secret;
  private final String functionArn;
  private final int days;

  /** @param functionArn the function it should use, with {@code days}; null for one only to be turned off */
  RotationResource(SecretsManagerClient secrets, DescribeSecretResponse secret, String functionArn, int days) {
    this.secrets = secrets;
    this.secret = secret;
    this.functionArn = functionArn;
    this.days = days;
  }

  @Override
  public String key() {
    return "rotation";
  }

  @Override
  public String description() {
    return "rotation of secret " + secret.name();
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<DescribeSecretResponse> read(String ignored) {
    return lookup();
  }

  @Override
  public Optional<DescribeSecretResponse> lookup() {
    return Optional.of(describe())
        .filter(s -> Boolean.TRUE.equals(s.rotationEnabled()) && s.deletedDate() == null);
  }

  /** Turns rotation on, after removing what a cancelled rotation left, which would block it. */
  @Override
  public DescribeSecretResponse create() {
    clearAbandonedPending(describe());
    rotate();
    return describe();
  }

  /** Nothing to record: see the class comment. */
  @Override
  public String id(DescribeSecretResponse live) {
    return null;
  }

  @Override
  public List<Setting<DescribeSecretResponse>> settings() {
    return List.of(new Setting<>() {
      @Override
      public List<String> differences(DescribeSecretResponse live) {
        return RotationResource.differences(live, functionArn, days);
      }

      @Override
      public void apply(DescribeSecretResponse live) {
        rotate();
      }
    });
  }

  /** Turns rotation off, and removes the AWSPENDING label a cancelled rotation may leave behind. */
  @Override
  public void delete(DescribeSecretResponse live) {
    secrets.cancelRotateSecret(b -> b.secretId(live.arn()));
    clearAbandonedPending(describe());
  }

  /** How the live rotation differs from rotation by {@code functionArn} every {@code days} days. */
  static List<String> differences(DescribeSecretResponse live, String functionArn, int days) {
    List<String> differences = new ArrayList<>();
    if (!Objects.equals(functionArn, live.rotationLambdaARN())) {
      differences.add("function is " + live.rotationLambdaARN() + ", expected " + functionArn);
    }
    Integer liveDays = days(live);
    if (liveDays == null || liveDays != days) {
      differences.add((liveDays == null ? "no interval" : "every " + liveDays + " days") + ", expected every " + days
          + " days");
    }
    return differences;
  }

  /** The interval in days: {@code AutomaticallyAfterDays}, or a {@code rate(N days)} schedule. */
  static Integer days(DescribeSecretResponse live) {
    if (live.rotationRules() == null) {
      return null;
    }
    Long days = live.rotationRules().automaticallyAfterDays();
    if (days != null && days > 0) {
      return days.intValue();
    }
    String schedule = live.rotationRules().scheduleExpression();
    Matcher rate = schedule == null ? null : RATE_DAYS.matcher(schedule.strip());
    return rate != null && rate.matches() ? Integer.valueOf(rate.group(1)) : null;
  }

  private DescribeSecretResponse describe() {
    return secrets.describeSecret(b -> b.secretId(secret.arn()));
  }

  private void rotate() {
    try {
      secrets.rotateSecret(b -> b.secretId(secret.arn()).rotationLambdaARN(functionArn)
          .rotationRules(r -> r.automaticallyAfterDays((long) days)).rotateImmediately(false));
    } catch (InvalidRequestException e) {
      throw new StepException("turning on the " + description() + " was refused: " + e.getMessage() + "; if a "
          + "rotation is still in progress, let it finish (or cancel it with 'aws secretsmanager cancel-rotate-secret' "
          + "and remove its AWSPENDING label) and run 'up' again", e);
    }
  }

  /** Removes AWSPENDING from versions that are not AWSCURRENT: what a cancelled rotation leaves. */
  private void clearAbandonedPending(DescribeSecretResponse live) {
    for (Map.Entry<String, List<String>> version : live.versionIdsToStages().entrySet()) {
      List<String> stages = version.getValue();
      if (stages.contains(PENDING) && !stages.contains(CURRENT)) {
        secrets.updateSecretVersionStage(b -> b.secretId(live.arn()).versionStage(PENDING)
            .removeFromVersionId(version.getKey()));
        LOG.info("removed an abandoned AWSPENDING label [step={}] [secret={}] [version={}]", SecretsStep.ID,
            live.name(), version.getKey());
      }
    }
  }
}
