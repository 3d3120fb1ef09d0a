package io.provisioner.steps.storage.s3;

import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.IntelligentTieringAccessTier;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.IntelligentTieringStatus;
import software.amazon.awssdk.services.s3.model.ListBucketIntelligentTieringConfigurationsResponse;
import software.amazon.awssdk.services.s3.model.Tiering;

/**
 * The S3 Intelligent-Tiering configuration {@value #ID} (seed 004): objects in the
 * INTELLIGENT_TIERING storage class move to ARCHIVE_ACCESS and DEEP_ARCHIVE_ACCESS after the given
 * days without access. Only the configuration with this id belongs to the step; when the spec has
 * none, an {@value #ID} configuration found is a difference and is deleted.
 *
 * <p>Configurations are read with ListBucketIntelligentTieringConfigurations, so an absent one is
 * simply not listed.
 */
final class IntelligentTieringConfig implements Setting<LiveBucket> {
  static final String ID = "EntireBucket";

  /** The tiers, or null when the bucket should have no {@value #ID} configuration. */
  private final S3Spec.IntelligentTiering spec;

  IntelligentTieringConfig(S3Spec.IntelligentTiering spec) {
    this.spec = spec;
  }

  @Override
  public List<String> differences(LiveBucket bucket) {
    return differences(find(bucket));
  }

  List<String> differences(Optional<IntelligentTieringConfiguration> actual) {
    String label = "intelligent tiering configuration " + ID;
    if (spec == null) {
      return actual.isPresent() ? List.of(label + " is present, expected none") : List.of();
    }
    if (actual.isEmpty()) {
      return List.of(label + " is missing, expected " + describe(expected().tierings()));
    }
    List<String> result = new ArrayList<>();
    IntelligentTieringConfiguration found = actual.get();
    if (found.status() != IntelligentTieringStatus.ENABLED) {
      result.add(label + " is " + found.statusAsString() + ", expected Enabled");
    }
    if (found.filter() != null && (found.filter().prefix() != null || found.filter().tag() != null
        || found.filter().and() != null)) {
      result.add(label + " has a filter, expected the whole bucket");
    }
    Map<String, Integer> expectedTiers = tiers(expected().tierings());
    Map<String, Integer> foundTiers = tiers(found.tierings());
    if (!expectedTiers.equals(foundTiers)) {
      result.add(label + " moves objects " + describe(found.tierings()) + ", expected " + describe(expected().tierings()));
    }
    return result;
  }

  IntelligentTieringConfiguration expected() {
    return IntelligentTieringConfiguration.builder()
        .id(ID)
        .status(IntelligentTieringStatus.ENABLED)
        .tierings(
            Tiering.builder().accessTier(IntelligentTieringAccessTier.ARCHIVE_ACCESS).days(spec.archiveAccessDays()).build(),
            Tiering.builder().accessTier(IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS)
                .days(spec.deepArchiveAccessDays()).build())
        .build();
  }

  private static Map<String, Integer> tiers(List<Tiering> tierings) {
    Map<String, Integer> result = new LinkedHashMap<>();
    tierings.forEach(t -> result.put(t.accessTierAsString(), t.days()));
    return result;
  }

  private static String describe(List<Tiering> tierings) {
    if (tierings.isEmpty()) {
      return "nowhere";
    }
    return String.join(" and ", tierings.stream().map(t -> "to " + t.accessTierAsString() + " after " + t.days() + " days")
        .toList());
  }

  @Override
  public void apply(LiveBucket bucket) {
    if (spec == null) {
      bucket.s3().deleteBucketIntelligentTieringConfiguration(b -> b.bucket(bucket.name()).id(ID));
      return;
    }
    IntelligentTieringConfiguration configuration = expected();
    bucket.s3().putBucketIntelligentTieringConfiguration(
        b -> b.bucket(bucket.name()).id(ID).intelligentTieringConfiguration(configuration));
  }

  /** The configuration {@value #ID} of the bucket, if it has one. */
  private static Optional<IntelligentTieringConfiguration> find(LiveBucket bucket) {
    String token = null;
    do {
      String continuation = token;
      ListBucketIntelligentTieringConfigurationsResponse page = bucket.s3().listBucketIntelligentTieringConfigurations(
          b -> b.bucket(bucket.name()).continuationToken(continuation));
      for (IntelligentTieringConfiguration c : page.intelligentTieringConfigurationList()) {
        if (ID.equals(c.id())) {
          return Optional.of(c);
        }
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return Optional.empty();
  }
}
