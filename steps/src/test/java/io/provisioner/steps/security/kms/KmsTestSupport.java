package io.provisioner.steps.security.kms;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/** Reads the KMS ITs use to look at what a step left in the emulator, outside any step. */
final class KmsTestSupport {
  private KmsTestSupport() {}

  /** Ids of keys tagged with the harness env (and logical key, when given) that are not pending deletion. */
  static List<String> liveKeys(TestHarness harness, String region, String logicalKey) {
    return taggedKeys(harness, region, logicalKey).stream()
        .filter(id -> state(harness, region, id) != KeyState.PENDING_DELETION)
        .toList();
  }

  /** Ids of all keys tagged with the harness env (and logical key, when given), whatever their state. */
  static List<String> taggedKeys(TestHarness harness, String region, String logicalKey) {
    KmsClient kms = harness.client(KmsClient.class, region);
    List<String> ids = new ArrayList<>();
    for (KeyListEntry entry : kms.listKeysPaginator(r -> r.limit(100)).keys()) {
      Map<String, String> tags = kms.listResourceTags(r -> r.keyId(entry.keyId())).tags().stream()
          .collect(Collectors.toMap(Tag::tagKey, Tag::tagValue, (a, b) -> b));
      if (harness.env().equals(tags.get(ResourceTags.ENV))
          && (logicalKey == null || logicalKey.equals(tags.get(ResourceTags.KEY)))) {
        ids.add(entry.keyId());
      }
    }
    return ids;
  }

  static KeyState state(TestHarness harness, String region, String keyId) {
    return harness.client(KmsClient.class, region).describeKey(r -> r.keyId(keyId)).keyMetadata().keyState();
  }

  /** The key an alias points at, if the alias exists. */
  static Optional<String> aliasTarget(TestHarness harness, String region, String alias) {
    try {
      KmsClient kms = harness.client(KmsClient.class, region);
      return Optional.of(kms.describeKey(r -> r.keyId(alias)).keyMetadata().keyId());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Every alias of a region with exactly this name (KMS allows one; a twin would show up here). */
  static List<String> aliasesNamed(TestHarness harness, String region, String alias) {
    List<String> targets = new ArrayList<>();
    harness.client(KmsClient.class, region).listAliasesPaginator(r -> r.limit(100)).aliases().forEach(a -> {
      if (alias.equals(a.aliasName())) {
        targets.add(a.targetKeyId());
      }
    });
    return targets;
  }
}
