package io.provisioner.steps.data.secrets;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.support.ClientTokens;
import io.provisioner.steps.support.PolicyJson;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * One secret of the environment: found by its name, adopted when its {@code provisioner:*} tags
 * say it is ours, created with a generated value when missing, converged in place (KMS key,
 * description, tags, resource policy), checked, and scheduled for deletion.
 *
 * <p>Its value is written once, by {@code CreateSecret}, with a {@code ClientRequestToken} derived
 * from env, step and name, so a call the SDK repeats after a lost response makes one version, not
 * two. An existing secret is never given a new value: a converged {@code create} does not even
 * generate one. A secret an earlier rollback scheduled for deletion is restored, with its value
 * and ARN.
 */
final class ManagedSecret {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedSecret.class);
  /** A secret created a moment ago may not be visible to the next call yet. */
  private static final Set<String> NOT_YET_VISIBLE = Set.of("ResourceNotFoundException");

  private final StepContext ctx;
  private final SecretsManagerClient secrets;
  private final String logicalName;
  private final String name;
  private final String description;
  private final Supplier<String> newValue;

  /**
   * @param logicalName e.g. {@code db-credentials}; also the {@code provisioner:key} tag
   * @param newValue makes the value of a new secret; called only when the secret is created
   */
  ManagedSecret(StepContext ctx, SecretsManagerClient secrets, String logicalName, String name, String description,
      Supplier<String> newValue) {
    this.ctx = ctx;
    this.secrets = secrets;
    this.logicalName = logicalName;
    this.name = name;
    this.description = description;
    this.newValue = newValue;
  }

  String name() {
    return name;
  }

  String logicalName() {
    return logicalName;
  }

  /** Checkpoint (and output) keys: {@code secret.<logical>.arn} and {@code secret.<logical>.name}. */
  String arnKey() {
    return "secret." + logicalName + ".arn";
  }

  String nameKey() {
    return "secret." + logicalName + ".name";
  }

  // ---------------------------------------------------------------- create

  /**
   * Adopts, restores or creates the secret and converges it in place.
   *
   * @param policy the resource policy it must carry
   * @return the secret's ARN
   */
  String converge(String keyArn, String policy) {
    try {
      List<String> changes = new ArrayList<>();
      Optional<DescribeSecretResponse> found = describe();
      String arn;
      if (found.isEmpty()) {
        Optional<String> created = create(keyArn);
        if (created.isPresent()) {
          arn = created.get();
          changes.add("created");
        } else {
          found = Optional.of(describe().orElseThrow(() -> new StepException("secret " + name
              + " was reported to exist but cannot be read; run 'up' again")));
          arn = adopt(found.get(), keyArn, changes);
        }
      } else {
        arn = adopt(found.get(), keyArn, changes);
      }
      convergePolicy(arn, policy, changes);
      if (!changes.isEmpty()) {
        LOG.info("converged secret [step={}] [secret={}] [changes={}]", SecretsStep.ID, name,
            String.join("; ", changes));
      } else {
        LOG.debug("secret in sync [step={}] [secret={}]", SecretsStep.ID, name);
      }
      return arn;
    } catch (SdkException e) {
      throw new StepException("converging secret " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** A new secret with a generated value; empty when one of that name appeared meanwhile. */
  private Optional<String> create(String keyArn) {
    String token = ClientTokens.of(ctx.env(), SecretsStep.ID, logicalName);
    try {
      String arn = secrets.createSecret(b -> b
              .name(name)
              .clientRequestToken(token)
              .secretString(newValue.get())
              .kmsKeyId(keyArn)
              .description(description)
              .tags(tags(ctx.tags().forKey(logicalName))))
          .arn();
      record(arn);
      return Optional.of(arn);
    } catch (SecretsManagerException e) {
      if (AwsErrors.isAlreadyExists(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Takes over an existing secret of ours: restores it when scheduled for deletion, converges settings and tags. */
  private String adopt(DescribeSecretResponse secret, String keyArn, List<String> changes) {
    requireOurs(secret);
    record(secret.arn());
    if (secret.deletedDate() != null) {
      onSecret("restore secret " + name, () -> secrets.restoreSecret(b -> b.secretId(secret.arn())));
      changes.add("restored it from its scheduled deletion");
    }
    boolean keyDiffers = !sameKey(secret.kmsKeyId(), keyArn);
    boolean descriptionDiffers = !Objects.equals(description, secret.description());
    if (keyDiffers || descriptionDiffers) {
      onSecret("update secret " + name, () -> secrets.updateSecret(b -> {
        b.secretId(secret.arn());
        if (keyDiffers) {
          b.kmsKeyId(keyArn);
        }
        if (descriptionDiffers) {
          b.description(description);
        }
      }));
      if (keyDiffers) {
        changes.add("encrypted it with key " + keyArn + " instead of " + secret.kmsKeyId());
      }
      if (descriptionDiffers) {
        changes.add("updated the description");
      }
    }
    Map<String, String> missing = missingTags(tagMap(secret.tags()));
    if (!missing.isEmpty()) {
      onSecret("tag secret " + name, () -> secrets.tagResource(b -> b.secretId(secret.arn()).tags(tags(missing))));
      changes.add("set tags " + missing.keySet());
    }
    return secret.arn();
  }

  private void convergePolicy(String arn, String policy, List<String> changes) {
    String live = onSecret("read the resource policy of secret " + name,
        () -> secrets.getResourcePolicy(b -> b.secretId(arn)).resourcePolicy());
    if (live != null && PolicyJson.same(live, policy)) {
      return;
    }
    onSecret("put the resource policy of secret " + name,
        () -> secrets.putResourcePolicy(b -> b.secretId(arn).resourcePolicy(policy).blockPublicPolicy(true)));
    changes.add(live == null ? "attached the resource policy" : "replaced the resource policy");
  }

  // ---------------------------------------------------------------- verify

  /**
   * Read-only: adds what differs to {@code differences}; never reads the value.
   *
   * @return the live secret when it exists (not scheduled for deletion) and is ours
   */
  Optional<DescribeSecretResponse> verify(List<String> differences, Supplier<String> keyArn, Supplier<String> policy) {
    try {
      Optional<DescribeSecretResponse> found = describe();
      if (found.isEmpty()) {
        differences.add("secret " + name + " is missing");
        return Optional.empty();
      }
      DescribeSecretResponse secret = found.get();
      if (!isOurs(secret)) {
        differences.add("secret " + name + " exists but is not managed by this environment");
        return Optional.empty();
      }
      if (secret.deletedDate() != null) {
        differences.add("secret " + name + " is scheduled for deletion on " + secret.deletedDate());
        return Optional.empty();
      }
      String prefix = "secret " + name + ": ";
      if (!sameKey(secret.kmsKeyId(), keyArn.get())) {
        differences.add(prefix + "encrypted with " + (secret.kmsKeyId() == null ? "the AWS managed key"
            : "key " + secret.kmsKeyId()) + ", expected key " + keyArn.get());
      }
      if (!Objects.equals(description, secret.description())) {
        differences.add(prefix + "description is \"" + secret.description() + "\", expected \"" + description + "\"");
      }
      Map<String, String> actualTags = tagMap(secret.tags());
      missingTags(actualTags).forEach((tag, value) -> differences.add(prefix + (actualTags.containsKey(tag)
          ? "tag " + tag + " is \"" + actualTags.get(tag) + "\", expected \"" + value + "\""
          : "tag " + tag + " is missing, expected \"" + value + "\"")));
      String live = secrets.getResourcePolicy(b -> b.secretId(secret.arn())).resourcePolicy();
      if (live == null) {
        differences.add(prefix + "resource policy is missing");
      } else if (!PolicyJson.same(live, policy.get())) {
        differences.add(prefix + "resource policy differs from the expected one (readers, rotation role, "
            + "provisioner, TLS only)");
      }
      return found;
    } catch (SdkException e) {
      throw new StepException("verifying secret " + name + " failed: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- rollback

  /**
   * Schedules the deletion of our secret with the recovery window (never at once) and forgets its
   * checkpoints. Missing, or already scheduled, is done; a secret that is not ours is left alone.
   */
  void scheduleDeletion(int recoveryWindowDays) {
    try {
      Optional<DescribeSecretResponse> found = describe();
      if (found.isPresent() && !isOurs(found.get())) {
        LOG.warn("secret not managed by this environment left alone [step={}] [secret={}]", SecretsStep.ID, name);
      } else if (found.isPresent() && found.get().deletedDate() == null) {
        try {
          secrets.deleteSecret(b -> b.secretId(found.get().arn()).recoveryWindowInDays((long) recoveryWindowDays));
          LOG.info("scheduled secret deletion [step={}] [secret={}] [recoveryWindowDays={}]",
              SecretsStep.ID, name, recoveryWindowDays);
        } catch (SecretsManagerException e) {
          if (!AwsErrors.isNotFound(e) && !scheduledNow()) {
            throw e;
          }
        }
      }
      ctx.checkpoints().remove(arnKey());
      ctx.checkpoints().remove(nameKey());
    } catch (SdkException e) {
      throw new StepException("scheduling the deletion of secret " + name + " failed: " + e.getMessage(), e);
    }
  }

  private boolean scheduledNow() {
    return describe().map(s -> s.deletedDate() != null).orElse(true);
  }

  // ---------------------------------------------------------------- lookup

  /** The secret of this name, also when scheduled for deletion; empty when there is none. */
  Optional<DescribeSecretResponse> describe() {
    try {
      return Optional.of(secrets.describeSecret(b -> b.secretId(name)));
    } catch (SecretsManagerException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  boolean isOurs(DescribeSecretResponse secret) {
    return ctx.tags().matches(tagMap(secret.tags()), logicalName);
  }

  private void requireOurs(DescribeSecretResponse secret) {
    if (!isOurs(secret)) {
      throw new StepException("secret " + name + " exists but is not managed by this environment (its tags do not say "
          + "provisioner:env=" + ctx.env() + ", provisioner:step=" + SecretsStep.ID + ", provisioner:key=" + logicalName
          + "); delete it, or choose another project or env name");
    }
  }

  /**
   * True when the secret is encrypted with the key: Secrets Manager reports the key as it was given
   * (an ARN or a key id).
   */
  static boolean sameKey(String actual, String expectedArn) {
    if (actual == null) {
      return false;
    }
    return actual.equals(expectedArn) || expectedArn.endsWith(":key/" + actual);
  }

  private Map<String, String> missingTags(Map<String, String> actual) {
    Map<String, String> missing = new LinkedHashMap<>();
    ctx.tags().forKey(logicalName).forEach((tag, value) -> {
      if (!value.equals(actual.get(tag))) {
        missing.put(tag, value);
      }
    });
    return missing;
  }

  private void record(String arn) {
    remember(arnKey(), arn);
    remember(nameKey(), name);
  }

  private void remember(String key, String value) {
    if (!ctx.checkpoints().get(key).filter(value::equals).isPresent()) {
      ctx.checkpoints().put(key, value);
    }
  }

  /** A call on a secret known to exist: a not-found right after its creation is retried, within the waits. */
  private <T> T onSecret(String what, Supplier<T> call) {
    return Transient.retry(ctx.waits(), what, NOT_YET_VISIBLE, call);
  }

  static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> map.put(t.key(), t.value()));
    }
    return map;
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }
}
