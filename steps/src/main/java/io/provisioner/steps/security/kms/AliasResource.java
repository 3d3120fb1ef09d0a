package io.provisioner.steps.security.kms;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The key's alias. What is read is the key the alias points at. An alias that points at a key of
 * another environment is never moved and never deleted: converge fails and says so.
 */
final class AliasResource implements Resource<KeyMetadata> {
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("NotFoundException")
      .alreadyExists("AlreadyExistsException").notYetVisible("NotFoundException");

  private final StepContext ctx;
  private final KmsSpec spec;
  private final RegionalKeyResource key;
  private final String keyId;
  private final KmsClient kms;

  AliasResource(StepContext ctx, KmsSpec spec, RegionalKeyResource key, String keyId) {
    this.ctx = ctx;
    this.spec = spec;
    this.key = key;
    this.keyId = keyId;
    this.kms = key.client();
  }

  static StepException taken(StepContext ctx, KmsSpec spec, String logical, String region, String otherKeyId) {
    return new StepException("alias " + spec.alias() + " in " + region + " is taken by key " + otherKeyId
        + ", which is not managed by this environment (its tags do not say provisioner:env=" + ctx.env()
        + ", provisioner:step=" + KmsStep.ID + ", provisioner:key=" + logical
        + "); choose another alias in the profile or move that alias away from the key");
  }

  @Override
  public String key() {
    return key.key() + ".alias";
  }

  @Override
  public String idKey() {
    return RegionalKeyResource.checkpointName(key.key(), "alias");
  }

  @Override
  public String description() {
    return "alias " + spec.alias() + " in " + key.region();
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<KeyMetadata> read(String aliasName) {
    return key.aliasTarget();
  }

  @Override
  public Optional<KeyMetadata> lookup() {
    return key.aliasTarget();
  }

  @Override
  public KeyMetadata create() {
    kms.createAlias(b -> b.aliasName(spec.alias()).targetKeyId(keyId));
    return key.aliasTarget().orElseThrow(() -> new StepException("alias " + spec.alias() + " in " + key.region()
        + " was created but cannot be read; run 'up' again"));
  }

  @Override
  public String id(KeyMetadata target) {
    return spec.alias();
  }

  @Override
  public List<Setting<KeyMetadata>> settings() {
    return List.of(new Setting<>() {
      @Override
      public List<String> differences(KeyMetadata target) {
        if (target.keyId().equals(keyId)) {
          return List.of();
        }
        return List.of("points at key " + target.keyId() + (key.isOurs(target.keyId()) ? ""
            : ", which is not managed by this environment") + ", expected key " + keyId);
      }

      @Override
      public void apply(KeyMetadata target) {
        if (!key.isOurs(target.keyId())) {
          throw taken(ctx, spec, key.key(), key.region(), target.keyId());
        }
        kms.updateAlias(b -> b.aliasName(spec.alias()).targetKeyId(keyId));
      }
    });
  }

  /** Only an alias that points at a key of ours is deleted; one moved to someone else's key is left. */
  @Override
  public void delete(KeyMetadata target) {
    if (key.isOurs(target.keyId())) {
      kms.deleteAlias(b -> b.aliasName(spec.alias()));
    }
  }
}
