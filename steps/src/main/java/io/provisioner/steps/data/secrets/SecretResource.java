package io.provisioner.steps.data.secrets;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import io.provisioner.steps.support.ClientTokens;
import io.provisioner.steps.support.PolicyJson;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * One secret of the environment, found by its recorded ARN, then by its name when its {@code
 * provisioner:*} tags say it is ours; a secret of that name that is not ours is never touched.
 *
 * <p>Its value is made once, by {@code CreateSecret}, from {@code newValue} (GetRandomPassword),
 * with a {@code ClientRequestToken} derived from env, step and name, so a call the SDK repeats
 * after a lost response makes one version, not two. Nothing else ever writes, reads or holds the
 * value: the settings (KMS key, description, tags, resource policy) are changed with {@code
 * UpdateSecret}, {@code TagResource} and {@code PutResourcePolicy}, none of which makes a version.
 *
 * <p>A secret scheduled for deletion is a leftover of a rollback: verify reports it missing,
 * converge restores it, with its value and ARN. Delete schedules the deletion with the recovery
 * window, never at once.
 */
final class SecretResource implements Resource<DescribeSecretResponse> {
  private static final String NOT_FOUND = "ResourceNotFoundException";
  private static final ErrorCodes ERRORS = ErrorCodes.notFound(NOT_FOUND)
      .alreadyExists("ResourceExistsException").notYetVisible(NOT_FOUND);

  /** What a secret is made of; the value and the upstream reads are made only when needed. */
  record Desired(String logical, String name, String description, Supplier<String> newValue,
      Supplier<String> keyArn, Supplier<String> policy, int recoveryWindowDays) {}

  private final StepContext ctx;
  private final SecretsManagerClient secrets;
  private final Desired desired;

  SecretResource(StepContext ctx, SecretsManagerClient secrets, Desired desired) {
    this.ctx = ctx;
    this.secrets = secrets;
    this.desired = desired;
  }

  /** Also the {@code provisioner:key} tag, e.g. {@code db-credentials}. */
  @Override
  public String key() {
    return desired.logical();
  }

  @Override
  public String idKey() {
    return "secret." + desired.logical() + ".arn";
  }

  @Override
  public Map<String, String> recorded(DescribeSecretResponse secret) {
    return Map.of("secret." + desired.logical() + ".name", secret.name());
  }

  @Override
  public String description() {
    return "secret " + desired.name();
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<DescribeSecretResponse> read(String arn) {
    return Optional.of(secrets.describeSecret(b -> b.secretId(arn)));
  }

  @Override
  public Optional<DescribeSecretResponse> lookup() {
    return byName().filter(this::isOurs);
  }

  /** Refuses before generating anything when the name is taken by a secret that is not ours. */
  @Override
  public DescribeSecretResponse create() {
    if (byName().isPresent()) {
      throw new StepException(description() + " exists but is not managed by this environment (its tags do not say "
          + "provisioner:env=" + ctx.env() + ", provisioner:step=" + SecretsStep.ID + ", provisioner:key="
          + desired.logical() + "); delete it, or choose another project or env name");
    }
    String arn = secrets.createSecret(b -> b
            .name(desired.name())
            .clientRequestToken(ClientTokens.of(ctx.env(), SecretsStep.ID, desired.logical()))
            .secretString(desired.newValue().get())
            .kmsKeyId(desired.keyArn().get())
            .description(desired.description())
            .tags(Tags.to(ctx.tags().forKey(desired.logical()), (k, v) -> Tag.builder().key(k).value(v).build())))
        .arn();
    return Transient.retry(ctx.waits(), "read new " + description(), Set.of(NOT_FOUND), () -> read(arn).orElseThrow());
  }

  @Override
  public String id(DescribeSecretResponse secret) {
    return secret.arn();
  }

  @Override
  public List<Setting<DescribeSecretResponse>> settings() {
    String keyArn = desired.keyArn().get();
    return List.of(
        new Restored(),
        Setting.of("KMS key", s -> sameKey(s.kmsKeyId(), keyArn) ? keyArn
                : Objects.requireNonNullElse(s.kmsKeyId(), "the AWS managed key aws/secretsmanager"), keyArn,
            (s, key) -> secrets.updateSecret(b -> b.secretId(s.arn()).kmsKeyId(key))),
        Setting.of("description", DescribeSecretResponse::description, desired.description(),
            (s, text) -> secrets.updateSecret(b -> b.secretId(s.arn()).description(text))),
        Tags.setting(ctx.tags().forKey(desired.logical()), s -> Tags.from(s.tags(), Tag::key, Tag::value),
            (s, tags) -> secrets.tagResource(b -> b.secretId(s.arn())
                .tags(Tags.to(tags, (k, v) -> Tag.builder().key(k).value(v).build())))),
        new Policy(desired.policy().get()));
  }

  @Override
  public boolean deleted(DescribeSecretResponse secret) {
    return secret.deletedDate() != null;
  }

  /** Schedules the deletion with the recovery window; one scheduled meanwhile is done. */
  @Override
  public void delete(DescribeSecretResponse secret) {
    try {
      secrets.deleteSecret(b -> b.secretId(secret.arn()).recoveryWindowInDays((long) desired.recoveryWindowDays()));
    } catch (InvalidRequestException e) {
      if (!read(secret.arn()).map(this::deleted).orElse(true)) {
        throw e;
      }
    }
  }

  /**
   * True when the secret is encrypted with the key: Secrets Manager reports the key as it was given
   * (an ARN or a key id).
   */
  static boolean sameKey(String actual, String expectedArn) {
    return actual != null && (actual.equals(expectedArn) || expectedArn.endsWith(":key/" + actual));
  }

  private Optional<DescribeSecretResponse> byName() {
    try {
      return read(desired.name());
    } catch (SecretsManagerException e) {
      if (AwsErrors.hasCode(e, NOT_FOUND)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private boolean isOurs(DescribeSecretResponse secret) {
    return ctx.tags().matches(Tags.from(secret.tags(), Tag::key, Tag::value), desired.logical());
  }

  /** A secret scheduled for deletion is restored (RestoreSecret), with its value and ARN. */
  private final class Restored implements Setting<DescribeSecretResponse> {
    @Override
    public List<String> differences(DescribeSecretResponse secret) {
      return secret.deletedDate() == null ? List.of() : List.of("scheduled for deletion on " + secret.deletedDate());
    }

    @Override
    public void apply(DescribeSecretResponse secret) {
      secrets.restoreSecret(b -> b.secretId(secret.arn()));
    }
  }

  /** The resource policy ({@link ResourcePolicy}), compared semantically; put with BlockPublicPolicy. */
  private final class Policy implements Setting<DescribeSecretResponse> {
    private final String document;

    Policy(String document) {
      this.document = document;
    }

    @Override
    public List<String> differences(DescribeSecretResponse secret) {
      String live = secrets.getResourcePolicy(b -> b.secretId(secret.arn())).resourcePolicy();
      if (live == null) {
        return List.of("resource policy is missing");
      }
      return PolicyJson.same(live, document) ? List.of() : List.of("resource policy differs from the expected one "
          + "(readers, rotation role, provisioner, TLS only)");
    }

    @Override
    public void apply(DescribeSecretResponse secret) {
      secrets.putResourcePolicy(b -> b.secretId(secret.arn()).resourcePolicy(document).blockPublicPolicy(true));
    }
  }
}
