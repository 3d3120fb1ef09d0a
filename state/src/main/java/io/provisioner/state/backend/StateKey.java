package io.provisioner.state.backend;

import io.provisioner.state.StateException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The customer managed key of the state backend, found by its alias (e.g. {@code
 * alias/provisioner-state}), with automatic rotation. It is the state's own key, not an
 * environment's: the state table exists before any environment's {@code security.kms} step has run,
 * and outlives every environment.
 *
 * <p>Idempotent: the alias is the name. A key created by a run that died before it made the alias
 * is found again by its tag {@code provisioner:state-key=<alias>} and adopted, so no second key is
 * made. A key scheduled for deletion is brought back. The key is never deleted by provisioner.
 */
public final class StateKey {
  private static final Logger LOG = LoggerFactory.getLogger(StateKey.class);
  static final String TAG = "provisioner:state-key";

  private final KmsClient kms;
  private final String alias;
  private final Map<String, String> tags;

  public StateKey(KmsClient kms, String alias, Map<String, String> tags) {
    this.kms = Objects.requireNonNull(kms, "kms");
    this.alias = Objects.requireNonNull(alias, "alias");
    if (!alias.matches("alias/[A-Za-z0-9/_-]{1,250}") || alias.startsWith("alias/aws/")) {
      throw new IllegalArgumentException("state key alias '" + alias
          + "' must look like alias/<name> (letters, digits, / _ -) and must not start with alias/aws/");
    }
    this.tags = Map.copyOf(tags);
  }

  /** Finds or creates the key and returns its ARN; on a ready key it only reads. */
  public String ensure() {
    try {
      KeyMetadata key = byAlias().orElseGet(this::adoptOrCreate);
      if (key.keyState() == KeyState.PENDING_DELETION) {
        kms.cancelKeyDeletion(r -> r.keyId(key.keyId()));
        kms.enableKey(r -> r.keyId(key.keyId()));
        LOG.info("state key deletion cancelled [alias={}] [key={}]", alias, key.keyId());
      }
      if (!Boolean.TRUE.equals(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled())) {
        kms.enableKeyRotation(r -> r.keyId(key.keyId()));
        LOG.info("state key rotation enabled [alias={}] [key={}]", alias, key.keyId());
      }
      return key.arn();
    } catch (SdkException e) {
      throw new StateException("could not make sure the state key " + alias + " exists with rotation on: "
          + e.getMessage(), e);
    }
  }

  private Optional<KeyMetadata> byAlias() {
    try {
      return Optional.of(kms.describeKey(r -> r.keyId(alias)).keyMetadata());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private KeyMetadata adoptOrCreate() {
    KeyMetadata key = tagged().orElseGet(this::create);
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    LOG.info("state key alias created [alias={}] [key={}]", alias, key.keyId());
    return key;
  }

  /** A key of an earlier bootstrap that died between CreateKey and CreateAlias. */
  private Optional<KeyMetadata> tagged() {
    for (var entry : kms.listKeysPaginator(r -> r.limit(100)).keys()) {
      try {
        boolean ours = kms.listResourceTagsPaginator(r -> r.keyId(entry.keyId())).tags().stream()
            .anyMatch(t -> TAG.equals(t.tagKey()) && alias.equals(t.tagValue()));
        if (ours) {
          KeyMetadata key = kms.describeKey(r -> r.keyId(entry.keyId())).keyMetadata();
          LOG.info("state key adopted by tag [alias={}] [key={}]", alias, key.keyId());
          return Optional.of(key);
        }
      } catch (KmsException e) {
        LOG.debug("key skipped while looking for the state key [key={}] [error={}]", entry.keyId(), e.getMessage());
      }
    }
    return Optional.empty();
  }

  private KeyMetadata create() {
    List<Tag> keyTags = new java.util.ArrayList<>();
    tags.forEach((k, v) -> keyTags.add(Tag.builder().tagKey(k).tagValue(v).build()));
    keyTags.add(Tag.builder().tagKey(TAG).tagValue(alias).build());
    KeyMetadata key = kms.createKey(r -> r.description("provisioner state backend: state table and run archive ("
        + alias + ")").tags(keyTags)).keyMetadata();
    LOG.info("state key created [alias={}] [key={}]", alias, key.keyId());
    return key;
  }
}
