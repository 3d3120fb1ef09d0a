package io.provisioner.steps.security.kms;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The environment's key in one region: the primary key ({@code main}) or its equivalent in the DR
 * region ({@code dr}). Finds, converges, checks and schedules for deletion one key and its alias,
 * so both regions share one code path.
 *
 * <p>Lookup order: the recorded key id, then the alias (adopted only when the key behind it carries
 * this environment's {@code provisioner:*} tags), then a scan of the region's keys for those tags.
 * The scan is what finds a key whose CreateKey response was lost (the write-ahead intent is left
 * behind) and a key an earlier rollback scheduled for deletion, which {@link #converge} brings back
 * instead of creating a twin.
 */
final class RegionalKey {
  static final String MAIN = "main";
  static final String DR = "dr";

  private static final Logger LOG = LoggerFactory.getLogger(RegionalKey.class);
  private static final String POLICY_NAME = "default";
  /** A key created a moment ago may not be visible to the next call yet. */
  private static final Set<String> NOT_YET_VISIBLE = Set.of("NotFoundException");

  private final StepContext ctx;
  private final KmsSpec spec;
  private final String logicalKey;
  private final String region;
  private final KmsClient kms;
  private KeyPolicy policy;

  /** What a lookup found: our key (or null), and the key behind the alias when that one is not ours. */
  private record Located(KeyMetadata key, KeyMetadata foreignAliasTarget) {}

  private RegionalKey(StepContext ctx, KmsSpec spec, String logicalKey, String region) {
    this.ctx = ctx;
    this.spec = spec;
    this.logicalKey = logicalKey;
    this.region = region;
    this.kms = ctx.clients().get(KmsClient.class, ctx.target().inRegion(region));
  }

  /** The primary key, in the step's target region. */
  static RegionalKey main(StepContext ctx, KmsSpec spec) {
    return new RegionalKey(ctx, spec, MAIN, ctx.target().region());
  }

  /** The equivalent key in the profile's DR region. */
  static RegionalKey dr(StepContext ctx, KmsSpec spec) {
    return new RegionalKey(ctx, spec, DR, ctx.drRegion());
  }

  /** Checkpoint name of this key's value: {@code keyId} for main, {@code drKeyId} for dr. */
  static String checkpointName(String logicalKey, String name) {
    return MAIN.equals(logicalKey) ? name : logicalKey + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  // ---------------------------------------------------------------- create

  /** Adopts or creates the key, then converges it and its alias in place. */
  void converge() {
    try {
      Located found = locate();
      if (found.foreignAliasTarget() != null) {
        throw aliasTaken(found.foreignAliasTarget());
      }
      KeyMetadata key = found.key();
      List<String> changes = new ArrayList<>();
      boolean created = key == null;
      if (created) {
        key = createKey();
      } else {
        record(key);
        ctx.checkpoints().clearIntent(logicalKey);
      }
      revive(key, changes);
      convergeRotation(key.keyId(), changes);
      convergePolicy(key.keyId(), changes);
      convergeDescription(key, changes);
      convergeTags(key.keyId(), changes);
      convergeAlias(key.keyId(), changes);
      remember(checkpointName(logicalKey, "alias"), spec.alias());
      if (created) {
        LOG.info("created key [step={}] [keyId={}] [alias={}] [region={}] [changes={}]",
            KmsStep.ID, key.keyId(), spec.alias(), region, String.join("; ", changes));
      } else if (!changes.isEmpty()) {
        LOG.info("converged key [step={}] [keyId={}] [alias={}] [region={}] [changes={}]",
            KmsStep.ID, key.keyId(), spec.alias(), region, String.join("; ", changes));
      } else {
        LOG.debug("key in sync [step={}] [keyId={}] [region={}]", KmsStep.ID, key.keyId(), region);
      }
    } catch (SdkException e) {
      throw new StepException(
          "creating KMS key for alias " + spec.alias() + " in " + region + " failed: " + e.getMessage(), e);
    }
  }

  private KeyMetadata createKey() {
    ctx.checkpoints().putIntent(logicalKey, "CreateKey for " + spec.alias() + " in " + region);
    KeyMetadata key = kms.createKey(b -> b
            .description(spec.description())
            .policy(policy().json())
            .keySpec(KeySpec.SYMMETRIC_DEFAULT)
            .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
            .tags(kmsTags(ctx.tags().forKey(logicalKey))))
        .keyMetadata();
    record(key);
    ctx.checkpoints().clearIntent(logicalKey);
    return key;
  }

  /** Brings back a key an earlier rollback scheduled for deletion, and enables a disabled one. */
  private void revive(KeyMetadata key, List<String> changes) {
    KeyState state = key.keyState();
    if (state == KeyState.PENDING_DELETION) {
      onKey("cancel the scheduled deletion of key " + key.keyId(),
          () -> kms.cancelKeyDeletion(b -> b.keyId(key.keyId())));
      changes.add("cancelled the scheduled deletion");
      state = KeyState.DISABLED;
    }
    if (state == KeyState.DISABLED) {
      onKey("enable key " + key.keyId(), () -> kms.enableKey(b -> b.keyId(key.keyId())));
      changes.add("enabled the key");
    } else if (state != KeyState.ENABLED) {
      throw new StepException("KMS key " + key.keyId() + " for alias " + spec.alias() + " in " + region
          + " is in state " + key.keyStateAsString() + ", which cannot be converged; wait until it is Enabled "
          + "or Disabled and run 'up' again");
    }
  }

  private void convergeRotation(String keyId, List<String> changes) {
    boolean enabled = rotationEnabled(keyId);
    if (enabled == spec.enableRotation()) {
      return;
    }
    if (spec.enableRotation()) {
      onKey("enable rotation of key " + keyId, () -> kms.enableKeyRotation(b -> b.keyId(keyId)));
      changes.add("enabled automatic rotation");
    } else {
      onKey("disable rotation of key " + keyId, () -> kms.disableKeyRotation(b -> b.keyId(keyId)));
      changes.add("disabled automatic rotation");
    }
  }

  private void convergePolicy(String keyId, List<String> changes) {
    if (policy().matches(keyPolicy(keyId))) {
      return;
    }
    onKey("put the policy of key " + keyId,
        () -> kms.putKeyPolicy(b -> b.keyId(keyId).policyName(POLICY_NAME).policy(policy().json())));
    changes.add("replaced the key policy");
  }

  private void convergeDescription(KeyMetadata key, List<String> changes) {
    if (Objects.equals(spec.description(), key.description())) {
      return;
    }
    onKey("update the description of key " + key.keyId(),
        () -> kms.updateKeyDescription(b -> b.keyId(key.keyId()).description(spec.description())));
    changes.add("updated the description");
  }

  private void convergeTags(String keyId, List<String> changes) {
    Map<String, String> missing = missingTags(tagsOf(keyId));
    if (missing.isEmpty()) {
      return;
    }
    onKey("tag key " + keyId, () -> kms.tagResource(b -> b.keyId(keyId).tags(kmsTags(missing))));
    changes.add("set tags " + missing.keySet());
  }

  private void convergeAlias(String keyId, List<String> changes) {
    Optional<KeyMetadata> target = aliasTarget();
    if (target.isEmpty()) {
      try {
        onKey("create alias " + spec.alias(), () -> kms.createAlias(b -> b.aliasName(spec.alias()).targetKeyId(keyId)));
        changes.add("created alias " + spec.alias());
        return;
      } catch (KmsException e) {
        if (!AwsErrors.isAlreadyExists(e)) {
          throw e;
        }
        target = aliasTarget();
        if (target.isEmpty()) {
          throw new StepException("alias " + spec.alias() + " in " + region
              + " was reported to exist but cannot be read; run 'up' again", e);
        }
      }
    }
    String pointsAt = target.get().keyId();
    if (pointsAt.equals(keyId)) {
      return;
    }
    if (!isOurs(pointsAt)) {
      throw aliasTaken(target.get());
    }
    onKey("point alias " + spec.alias() + " at key " + keyId,
        () -> kms.updateAlias(b -> b.aliasName(spec.alias()).targetKeyId(keyId)));
    changes.add("moved alias " + spec.alias() + " from key " + pointsAt);
  }

  // ---------------------------------------------------------------- verify

  /** Read-only: missing, drifted with every difference in words, or in sync. */
  Verification verify() {
    try {
      Located found = locate();
      KeyMetadata key = found.key();
      if (key == null && found.foreignAliasTarget() != null) {
        return Verification.missing(label() + " is missing; its alias is taken by key "
            + found.foreignAliasTarget().keyId() + ", which is not managed by this environment");
      }
      if (key == null) {
        return Verification.missing(label() + " is missing");
      }
      if (key.keyState() == KeyState.PENDING_DELETION) {
        return Verification.missing(label() + " is missing: key " + key.keyId() + " is scheduled for deletion"
            + (key.deletionDate() == null ? "" : " on " + key.deletionDate()));
      }
      String prefix = label() + " (" + key.keyId() + "): ";
      List<String> differences = new ArrayList<>();
      if (key.keyState() != KeyState.ENABLED) {
        differences.add(prefix + "key is " + key.keyStateAsString() + ", expected Enabled");
      }
      boolean rotation = rotationEnabled(key.keyId());
      if (rotation != spec.enableRotation()) {
        differences.add(prefix + "automatic rotation is " + onOff(rotation)
            + ", expected " + onOff(spec.enableRotation()));
      }
      for (String policyDifference : policy().differences(keyPolicy(key.keyId()))) {
        differences.add(prefix + "key policy differs: " + policyDifference);
      }
      if (!Objects.equals(spec.description(), key.description())) {
        differences.add(prefix + "description is \"" + key.description()
            + "\", expected \"" + spec.description() + "\"");
      }
      Map<String, String> actualTags = tagsOf(key.keyId());
      missingTags(actualTags).forEach((name, value) -> differences.add(prefix + (actualTags.containsKey(name)
          ? "tag " + name + " is \"" + actualTags.get(name) + "\", expected \"" + value + "\""
          : "tag " + name + " is missing, expected \"" + value + "\"")));
      Optional<KeyMetadata> target = aliasTarget();
      if (target.isEmpty()) {
        differences.add(prefix + "alias " + spec.alias() + " is missing");
      } else if (!target.get().keyId().equals(key.keyId())) {
        differences.add(prefix + "alias " + spec.alias() + " points at key " + target.get().keyId()
            + (isOurs(target.get().keyId()) ? "" : ", which is not managed by this environment")
            + ", expected this key");
      }
      return Verification.of(differences);
    } catch (SdkException e) {
      throw new StepException(
          "verifying KMS key for alias " + spec.alias() + " in " + region + " failed: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- rollback

  /**
   * Deletes the alias when it points at a key of ours and schedules our key(s) for deletion with
   * the spec's recovery window; never deletes at once. Not found and already pending are done.
   */
  void rollback() {
    try {
      Optional<KeyMetadata> behindAlias = aliasTarget();
      if (behindAlias.isPresent() && isOurs(behindAlias.get().keyId())) {
        try {
          kms.deleteAlias(b -> b.aliasName(spec.alias()));
          LOG.info("deleted alias [step={}] [alias={}] [region={}]", KmsStep.ID, spec.alias(), region);
        } catch (KmsException e) {
          if (!AwsErrors.isNotFound(e)) {
            throw e;
          }
        }
      }
      Map<String, KeyMetadata> keys = new LinkedHashMap<>();
      recorded().ifPresent(k -> keys.put(k.keyId(), k));
      tagged().forEach(k -> keys.putIfAbsent(k.keyId(), k));
      for (KeyMetadata key : keys.values()) {
        scheduleDeletion(key);
      }
      Checkpoints checkpoints = ctx.checkpoints();
      checkpoints.remove(checkpointName(logicalKey, "alias"));
      checkpoints.remove(checkpointName(logicalKey, "keyArn"));
      checkpoints.remove(checkpointName(logicalKey, "keyId"));
      checkpoints.clearIntent(logicalKey);
    } catch (SdkException e) {
      throw new StepException(
          "rolling back KMS key for alias " + spec.alias() + " in " + region + " failed: " + e.getMessage(), e);
    }
  }

  private void scheduleDeletion(KeyMetadata key) {
    if (key.keyState() == KeyState.PENDING_DELETION) {
      return;
    }
    try {
      kms.scheduleKeyDeletion(b -> b.keyId(key.keyId()).pendingWindowInDays(spec.deletionWindowDays()));
      LOG.info("scheduled key deletion [step={}] [keyId={}] [region={}] [windowDays={}]",
          KmsStep.ID, key.keyId(), region, spec.deletionWindowDays());
    } catch (KmsException e) {
      if (AwsErrors.isNotFound(e)) {
        return;
      }
      boolean pendingNow = AwsErrors.hasCode(e, "KMSInvalidStateException")
          && describe(key.keyId()).map(k -> k.keyState() == KeyState.PENDING_DELETION).orElse(true);
      if (!pendingNow) {
        throw e;
      }
    }
  }

  // ---------------------------------------------------------------- lookup

  /** Recorded id first, then the alias (ours only), then the tags. */
  private Located locate() {
    Optional<KeyMetadata> recorded = recorded();
    if (recorded.isPresent()) {
      return new Located(recorded.get(), null);
    }
    KeyMetadata foreign = null;
    Optional<KeyMetadata> behindAlias = aliasTarget();
    if (behindAlias.isPresent()) {
      if (isOurs(behindAlias.get().keyId())) {
        return new Located(behindAlias.get(), null);
      }
      foreign = behindAlias.get();
    }
    List<KeyMetadata> tagged = tagged();
    return new Located(tagged.isEmpty() ? null : tagged.get(0), foreign);
  }

  private Optional<KeyMetadata> recorded() {
    return ctx.checkpoints().get(checkpointName(logicalKey, "keyId")).flatMap(this::describe);
  }

  /** The key the alias points at, whoever owns it. */
  private Optional<KeyMetadata> aliasTarget() {
    return describe(spec.alias());
  }

  /** Keys of this region tagged for this env, step and logical key, the best candidate first. */
  private List<KeyMetadata> tagged() {
    List<KeyMetadata> ours = new ArrayList<>();
    for (KeyListEntry entry : kms.listKeysPaginator(b -> b.limit(100)).keys()) {
      Map<String, String> tags;
      try {
        tags = tagsOf(entry.keyId());
      } catch (KmsException e) {
        if (AwsErrors.hasCode(e, "AccessDeniedException")) {
          continue;
        }
        throw e;
      }
      if (ctx.tags().matches(tags, logicalKey)) {
        describe(entry.keyId()).ifPresent(ours::add);
      }
    }
    ours.sort(Comparator.comparingInt(RegionalKey::preference)
        .thenComparing(KeyMetadata::creationDate, Comparator.nullsLast(Comparator.<Instant>naturalOrder())));
    return ours;
  }

  /** Enabled keys first, then disabled, then pending deletion. */
  private static int preference(KeyMetadata key) {
    if (key.keyState() == KeyState.ENABLED) {
      return 0;
    }
    if (key.keyState() == KeyState.DISABLED) {
      return 1;
    }
    return key.keyState() == KeyState.PENDING_DELETION ? 2 : 3;
  }

  private boolean isOurs(String keyId) {
    return ctx.tags().matches(tagsOf(keyId), logicalKey);
  }

  /** A key by id, ARN or alias name; empty when it does not exist. */
  private Optional<KeyMetadata> describe(String keyIdOrAlias) {
    try {
      return Optional.of(kms.describeKey(b -> b.keyId(keyIdOrAlias)).keyMetadata());
    } catch (KmsException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Map<String, String> tagsOf(String keyId) {
    Map<String, String> tags = new LinkedHashMap<>();
    try {
      kms.listResourceTagsPaginator(b -> b.keyId(keyId)).tags().forEach(t -> tags.put(t.tagKey(), t.tagValue()));
    } catch (KmsException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
    return tags;
  }

  private boolean rotationEnabled(String keyId) {
    return Boolean.TRUE.equals(onKey("read the rotation status of key " + keyId,
        () -> kms.getKeyRotationStatus(b -> b.keyId(keyId)).keyRotationEnabled()));
  }

  private String keyPolicy(String keyId) {
    return onKey("read the policy of key " + keyId,
        () -> kms.getKeyPolicy(b -> b.keyId(keyId).policyName(POLICY_NAME)).policy());
  }

  // ---------------------------------------------------------------- helpers

  private KeyPolicy policy() {
    if (policy == null) {
      policy = KeyPolicy.of(ctx.clients().accountId(ctx.target()), region, spec.servicePrincipals());
    }
    return policy;
  }

  /** The expected tags that are absent or carry another value. */
  private Map<String, String> missingTags(Map<String, String> actual) {
    Map<String, String> missing = new LinkedHashMap<>();
    ctx.tags().forKey(logicalKey).forEach((name, value) -> {
      if (!value.equals(actual.get(name))) {
        missing.put(name, value);
      }
    });
    return missing;
  }

  private void record(KeyMetadata key) {
    remember(checkpointName(logicalKey, "keyId"), key.keyId());
    remember(checkpointName(logicalKey, "keyArn"), key.arn());
  }

  /** Writes a checkpoint only when its value changes. */
  private void remember(String name, String value) {
    if (!ctx.checkpoints().get(name).filter(value::equals).isPresent()) {
      ctx.checkpoints().put(name, value);
    }
  }

  /** A call on a key known to exist: a not-found right after its creation is retried, within the waits. */
  private <T> T onKey(String what, Supplier<T> call) {
    return Transient.retry(ctx.waits(), what + " in " + region, NOT_YET_VISIBLE, call);
  }

  private StepException aliasTaken(KeyMetadata other) {
    return new StepException("alias " + spec.alias() + " in " + region + " is taken by key " + other.keyId()
        + ", which is not managed by this environment (its tags do not say provisioner:env=" + ctx.env()
        + ", provisioner:step=" + KmsStep.ID + ", provisioner:key=" + logicalKey
        + "); choose another alias in the profile or move that alias away from the key");
  }

  private String label() {
    return (MAIN.equals(logicalKey) ? "key " : "DR key ") + spec.alias() + " in " + region;
  }

  private static String onOff(boolean enabled) {
    return enabled ? "enabled" : "disabled";
  }

  private static List<Tag> kmsTags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build()).toList();
  }
}
