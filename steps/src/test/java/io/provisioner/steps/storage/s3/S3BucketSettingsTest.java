package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.EventBridgeConfiguration;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.IntelligentTieringAccessTier;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.IntelligentTieringStatus;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tiering;

/** The read-side comparisons of the bucket settings, on values as the SDK returns them. */
class S3BucketSettingsTest {
  private static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @Test
  void publicAccess_withoutConfiguration_namesAllFourFlags() {
    assertThat(PublicAccess.differences(PublicAccessBlockConfiguration.builder().build())).containsExactly(
        "public access block BlockPublicAcls is false, expected true",
        "public access block IgnorePublicAcls is false, expected true",
        "public access block BlockPublicPolicy is false, expected true",
        "public access block RestrictPublicBuckets is false, expected true");
  }

  @Test
  void publicAccess_withOneFlagOff_namesIt() {
    PublicAccessBlockConfiguration actual = PublicAccessBlockConfiguration.builder()
        .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(false).restrictPublicBuckets(true).build();

    assertThat(PublicAccess.differences(actual))
        .containsExactly("public access block BlockPublicPolicy is false, expected true");
  }

  @Test
  void kmsEncryption_comparesAlgorithmKeyAndBucketKey() {
    DefaultEncryption expected = DefaultEncryption.kms(KEY_ARN);

    assertThat(expected.differences(Optional.of(kmsRule(KEY_ARN, true)))).isEmpty();
    assertThat(expected.differences(Optional.of(kmsRule("1234abcd-12ab-34cd-56ef-1234567890ab", true))))
        .as("the key id of the same key").isEmpty();
    assertThat(expected.differences(Optional.of(kmsRule(KEY_ARN, false))))
        .containsExactly("S3 Bucket Key is off, expected on");
    assertThat(expected.differences(Optional.of(kmsRule("arn:aws:kms:us-east-1:123456789012:key/other", true))))
        .singleElement().asString().contains("uses KMS key arn:aws:kms:us-east-1:123456789012:key/other");
    assertThat(expected.differences(Optional.of(aes256Rule())))
        .containsExactly("default encryption is AES256, expected aws:kms with key " + KEY_ARN + " and S3 Bucket Key on");
    assertThat(expected.differences(Optional.empty())).singleElement().asString().startsWith("default encryption is not set");
  }

  @Test
  void s3ManagedEncryption_acceptsOnlyAes256() {
    DefaultEncryption expected = DefaultEncryption.s3Managed();

    assertThat(expected.differences(Optional.of(aes256Rule()))).isEmpty();
    assertThat(expected.differences(Optional.of(kmsRule(KEY_ARN, true))))
        .containsExactly("default encryption is aws:kms, expected AES256 (SSE-S3)");
  }

  @Test
  void accessLogging_comparesTargetBucketAndPrefix() {
    AccessLogging expected = new AccessLogging("logs", "data");

    assertThat(expected.differences(Optional.of(LoggingEnabled.builder().targetBucket("logs").targetPrefix("data/").build())))
        .isEmpty();
    assertThat(expected.differences(Optional.empty())).containsExactly("server access logging is off, expected to logs/data/");
    assertThat(expected.differences(Optional.of(LoggingEnabled.builder().targetBucket("logs").targetPrefix("").build())))
        .containsExactly("server access logging goes to logs/, expected logs/data/");
  }

  @Test
  void tagging_namesMissingAndChangedTags_andToleratesOthers() {
    Tagging expected = new Tagging(Map.of("Project", "provisioner", "provisioner:env", "prod"), true);
    Map<String, String> actual = new LinkedHashMap<>();
    actual.put("Project", "other");
    actual.put("Owner", "someone");

    assertThat(expected.differences(actual)).containsExactly(
        "tag Project is \"other\", expected \"provisioner\"",
        "tag backup is missing, expected \"true\"",
        "tag provisioner:env is missing, expected \"prod\"");
  }

  @Test
  void tagging_withBackupTagWhereTheSpecHasNoBackup_saysAwsBackupWouldStillSelectIt() {
    Tagging expected = new Tagging(Map.of("Project", "provisioner"), false);

    assertThat(expected.differences(Map.of("Project", "provisioner", "backup", "true")))
        .singleElement().asString().contains("AWS Backup selects by this tag");
    assertThat(expected.differences(Map.of("Project", "provisioner"))).isEmpty();
  }

  @Test
  void eventBridge_comparesOnAndOff() {
    GetBucketNotificationConfigurationResponse on = GetBucketNotificationConfigurationResponse.builder()
        .eventBridgeConfiguration(EventBridgeConfiguration.builder().build()).build();
    GetBucketNotificationConfigurationResponse off = GetBucketNotificationConfigurationResponse.builder().build();

    assertThat(new EventBridgeNotifications(true).differences(on)).isEmpty();
    assertThat(new EventBridgeNotifications(true).differences(off))
        .containsExactly("EventBridge notifications are off, expected on");
    assertThat(new EventBridgeNotifications(false).differences(on))
        .containsExactly("EventBridge notifications are on, expected off");
    assertThat(new EventBridgeNotifications(false).differences(off)).isEmpty();
  }

  @Test
  void tiering_comparesStatusAndTiers_inAnyOrder() {
    IntelligentTieringConfig expected = new IntelligentTieringConfig(new S3Spec.IntelligentTiering(90, 180));
    IntelligentTieringConfiguration same = tiering(IntelligentTieringStatus.ENABLED, 180, 90, true);

    assertThat(expected.differences(Optional.of(same))).isEmpty();
    assertThat(expected.differences(Optional.empty())).containsExactly("intelligent tiering configuration EntireBucket "
        + "is missing, expected to ARCHIVE_ACCESS after 90 days and to DEEP_ARCHIVE_ACCESS after 180 days");
    assertThat(expected.differences(Optional.of(tiering(IntelligentTieringStatus.DISABLED, 365, 120, true))))
        .containsExactly(
            "intelligent tiering configuration EntireBucket is Disabled, expected Enabled",
            "intelligent tiering configuration EntireBucket moves objects to DEEP_ARCHIVE_ACCESS after 365 days and "
                + "to ARCHIVE_ACCESS after 120 days, expected to ARCHIVE_ACCESS after 90 days and to DEEP_ARCHIVE_ACCESS "
                + "after 180 days");
    assertThat(expected.differences(Optional.of(tiering(IntelligentTieringStatus.ENABLED, 180, 90, false))))
        .singleElement().asString().contains("DEEP_ARCHIVE_ACCESS after 180 days, expected");
  }

  @Test
  void tiering_whenTheSpecHasNone_reportsOneFound() {
    IntelligentTieringConfig none = new IntelligentTieringConfig(null);

    assertThat(none.differences(Optional.empty())).isEmpty();
    assertThat(none.differences(Optional.of(tiering(IntelligentTieringStatus.ENABLED, 180, 90, true))))
        .containsExactly("intelligent tiering configuration EntireBucket is present, expected none");
  }

  private static ServerSideEncryptionRule kmsRule(String key, boolean bucketKey) {
    return ServerSideEncryptionRule.builder().bucketKeyEnabled(bucketKey)
        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(key))
        .build();
  }

  private static ServerSideEncryptionRule aes256Rule() {
    return ServerSideEncryptionRule.builder().bucketKeyEnabled(false)
        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build();
  }

  private static IntelligentTieringConfiguration tiering(
      IntelligentTieringStatus status, int deepArchiveDays, int archiveDays, boolean withArchive) {
    IntelligentTieringConfiguration.Builder builder = IntelligentTieringConfiguration.builder().id("EntireBucket")
        .status(status);
    Tiering deep = Tiering.builder().accessTier(IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS).days(deepArchiveDays).build();
    return withArchive
        ? builder.tierings(deep, Tiering.builder().accessTier(IntelligentTieringAccessTier.ARCHIVE_ACCESS).days(archiveDays).build()).build()
        : builder.tierings(deep).build();
  }
}
