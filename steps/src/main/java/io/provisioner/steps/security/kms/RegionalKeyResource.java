package io.provisioner.steps.security.kms;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import io.provisioner.steps.aws.AwsErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The environment's key in one region ({@code main}, or {@code dr} in the DR region).
 *
 * <p>Found by the recorded id, then through the alias (only when the key behind it carries this
 * environment's {@code provisioner:*} tags), then by a scan of the region's keys for those tags:
 * the scan finds a key whose CreateKey response was lost and a key an earlier rollback scheduled
 * for deletion, which converge brings back instead of creating a twin. Deleting schedules the
 * deletion with the spec's window, never at once.
 */
final class RegionalKeyResource implements Resource<KeyMetadata> {
  static final String POLICY_NAME = "default";
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("NotFoundException").notYetVisible("NotFoundException");

  private final StepContext ctx;
  private final KmsSpec spec;
  private final String logical;
  private final String region;
  private final KmsClient kms;
  private KeyPolicy policy;

  RegionalKeyResource(StepContext ctx, KmsSpec spec, String logical, String region) {
    this.ctx = ctx;
    this.spec = spec;
    this.logical = logical;
    this.region = region;
    this.kms = ctx.clients().get(KmsClient.class, ctx.target().inRegion(region));
  }

  /** Checkpoint name of this key's values: {@code keyId} for main, {@code drKeyId} for dr. */
  static String checkpointName(String logical, String name) {
    return KmsStep.MAIN.equals(logical) ? name : logical + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  KmsClient client() {
    return kms;
  }

  String region() {
    return region;
  }

  @Override
  public String key() {
    return logical;
  }

  @Override
  public String idKey() {
    return checkpointName(logical, "keyId");
  }

  @Override
  public String description() {
    return (KmsStep.MAIN.equals(logical) ? "key " : "DR key ") + spec.alias() + " in " + region;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<KeyMetadata> read(String keyId) {
    return Optional.of(kms.describeKey(b -> b.keyId(keyId)).keyMetadata());
  }

  @Override
  public Optional<KeyMetadata> lookup() {
    Optional<KeyMetadata> behindAlias = aliasTarget();
    if (behindAlias.isPresent() && isOurs(behindAlias.get().keyId())) {
      return behindAlias;
    }
    return tagged().stream().findFirst();
  }

  /** Refuses before CreateKey when the alias belongs to a key of someone else: nothing is left behind. */
  @Override
  public KeyMetadata create() {
    Optional<KeyMetadata> behindAlias = aliasTarget();
    if (behindAlias.isPresent() && !isOurs(behindAlias.get().keyId())) {
      throw AliasResource.taken(ctx, spec, logical, region, behindAlias.get().keyId());
    }
    return kms.createKey(b -> b
            .description(spec.description())
            .policy(policy().json())
            .keySpec(KeySpec.SYMMETRIC_DEFAULT)
            .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
            .tags(Tags.to(ctx.tags().forKey(logical), (k, v) -> Tag.builder().tagKey(k).tagValue(v).build())))
        .keyMetadata();
  }

  @Override
  public String id(KeyMetadata key) {
    return key.keyId();
  }

  @Override
  public Map<String, String> recorded(KeyMetadata key) {
    return Map.of(checkpointName(logical, "keyArn"), key.arn());
  }

  @Override
  public List<Setting<KeyMetadata>> settings() {
    return List.of(new Enabled(), new Rotation(), new Policy(),
        Setting.of("description", KeyMetadata::description, spec.description(),
            (key, value) -> kms.updateKeyDescription(b -> b.keyId(key.keyId()).description(value))),
        Tags.setting(ctx.tags().forKey(logical), key -> tagsOf(key.keyId()),
            (key, tags) -> kms.tagResource(b -> b.keyId(key.keyId())
                .tags(Tags.to(tags, (k, v) -> Tag.builder().tagKey(k).tagValue(v).build())))));
  }

  /** A key scheduled for deletion is a leftover of a rollback: missing to verify, revived by converge. */
  @Override
  public boolean deleted(KeyMetadata key) {
    return key.keyState() == KeyState.PENDING_DELETION;
  }

  @Override
  public void delete(KeyMetadata key) {
    try {
      kms.scheduleKeyDeletion(b -> b.keyId(key.keyId()).pendingWindowInDays(spec.deletionWindowDays()));
    } catch (KmsException e) {
      boolean pendingNow = AwsErrors.hasCode(e, "KMSInvalidStateException")
          && read(key.keyId()).map(this::deleted).orElse(true);
      if (!pendingNow) {
        throw e;
      }
    }
  }

  // ---------------------------------------------------------------- settings

  /** Enabled: a key pending deletion gets its deletion cancelled, a disabled one is enabled. */
  private final class Enabled implements Setting<KeyMetadata> {
    @Override
    public List<String> differences(KeyMetadata key) {
      if (key.keyState() == KeyState.ENABLED) {
        return List.of();
      }
      if (key.keyState() == KeyState.PENDING_DELETION) {
        return List.of("key is scheduled for deletion" + (key.deletionDate() == null ? "" : " on " + key.deletionDate()));
      }
      return List.of("key is " + key.keyStateAsString() + ", expected Enabled");
    }

    @Override
    public void apply(KeyMetadata key) {
      KeyState state = key.keyState();
      if (state == KeyState.PENDING_DELETION) {
        kms.cancelKeyDeletion(b -> b.keyId(key.keyId()));
        state = KeyState.DISABLED;
      }
      if (state != KeyState.DISABLED) {
        throw new StepException("KMS key " + key.keyId() + " for alias " + spec.alias() + " in " + region
            + " is in state " + key.keyStateAsString() + ", which cannot be converged; wait until it is Enabled "
            + "or Disabled and run 'up' again");
      }
      kms.enableKey(b -> b.keyId(key.keyId()));
    }
  }

  private final class Rotation implements Setting<KeyMetadata> {
    @Override
    public List<String> differences(KeyMetadata key) {
      boolean enabled = Boolean.TRUE.equals(kms.getKeyRotationStatus(b -> b.keyId(key.keyId())).keyRotationEnabled());
      return enabled == spec.enableRotation() ? List.of()
          : List.of("automatic rotation is " + onOff(enabled) + ", expected " + onOff(spec.enableRotation()));
    }

    @Override
    public void apply(KeyMetadata key) {
      if (spec.enableRotation()) {
        kms.enableKeyRotation(b -> b.keyId(key.keyId()));
      } else {
        kms.disableKeyRotation(b -> b.keyId(key.keyId()));
      }
    }
  }

  private final class Policy implements Setting<KeyMetadata> {
    @Override
    public List<String> differences(KeyMetadata key) {
      String actual = kms.getKeyPolicy(b -> b.keyId(key.keyId()).policyName(POLICY_NAME)).policy();
      return policy().differences(actual).stream().map(d -> "key policy differs: " + d).toList();
    }

    @Override
    public void apply(KeyMetadata key) {
      kms.putKeyPolicy(b -> b.keyId(key.keyId()).policyName(POLICY_NAME).policy(policy().json()));
    }
  }

  // ---------------------------------------------------------------- reads

  /** The key the alias points at, whoever owns it. */
  Optional<KeyMetadata> aliasTarget() {
    try {
      return read(spec.alias());
    } catch (KmsException e) {
      if (ERRORS.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  boolean isOurs(String keyId) {
    return ctx.tags().matches(tagsOf(keyId), logical);
  }

  /** Keys of this region tagged for this env, step and logical key: enabled first, then disabled, then pending deletion. */
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
      if (ctx.tags().matches(tags, logical)) {
        read(entry.keyId()).ifPresent(ours::add);
      }
    }
    ours.sort(Comparator.comparingInt(RegionalKeyResource::preference)
        .thenComparing(KeyMetadata::creationDate, Comparator.nullsLast(Comparator.<Instant>naturalOrder())));
    return ours;
  }

  private static int preference(KeyMetadata key) {
    if (key.keyState() == KeyState.ENABLED) {
      return 0;
    }
    if (key.keyState() == KeyState.DISABLED) {
      return 1;
    }
    return key.keyState() == KeyState.PENDING_DELETION ? 2 : 3;
  }

  private Map<String, String> tagsOf(String keyId) {
    try {
      return Tags.from(kms.listResourceTagsPaginator(b -> b.keyId(keyId)).tags().stream().toList(), Tag::tagKey,
          Tag::tagValue);
    } catch (KmsException e) {
      if (ERRORS.isNotFound(e)) {
        return Map.of();
      }
      throw e;
    }
  }

  private KeyPolicy policy() {
    if (policy == null) {
      policy = KeyPolicy.of(ctx.clients().accountId(ctx.target()), region, spec.servicePrincipals());
    }
    return policy;
  }

  private static String onOff(boolean enabled) {
    return enabled ? "enabled" : "disabled";
  }
}
