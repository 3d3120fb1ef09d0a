package io.provisioner.localstack.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EventBridgeConfiguration;
import software.amazon.awssdk.services.s3.model.GetBucketIntelligentTieringConfigurationResponse;
import software.amazon.awssdk.services.s3.model.IntelligentTieringAccessTier;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.IntelligentTieringStatus;
import software.amazon.awssdk.services.s3.model.ListBucketIntelligentTieringConfigurationsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tiering;

/** The S3 corrections of the moto shim (patches 1-3 of moto-shim/README.md), through the SDK v2. */
@ExtendWith(EmulatorExtension.class)
class MotoShimS3IT {
  private static S3Client s3;

  @BeforeAll
  static void client(Emulator emulator) {
    s3 = S3Client.builder()
        .endpointOverride(emulator.endpoint())
        .forcePathStyle(true)
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  @Test
  void startsThroughTheShim(Emulator emulator) {
    assertThat(emulator.description()).satisfiesAnyOf(
        d -> assertThat(d).contains("+ provisioner shim"),
        d -> assertThat(d).doesNotContain("moto_server"));
  }

  private static String bucket() {
    String name = "shim-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(r -> r.bucket(name));
    return name;
  }

  private static String tlsOnlyPolicy(String bucket) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\","
        + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::" + bucket + "\",\"arn:aws:s3:::"
        + bucket + "/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
  }

  @Test
  void tlsOnlyDenyDoesNotDenyObjectCalls() {
    String bucket = bucket();
    s3.putBucketPolicy(r -> r.bucket(bucket).policy(tlsOnlyPolicy(bucket)));

    s3.putObject(r -> r.bucket(bucket).key("a"), RequestBody.fromString("x"));
    s3.putObject(r -> r.bucket(bucket).key("b"), RequestBody.fromString("y"));
    s3.deleteObject(r -> r.bucket(bucket).key("a"));
    var deleted = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(o -> o.key("b"))));

    assertThat(deleted.errors()).isEmpty();
    assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).keyCount()).isZero();
    s3.deleteBucket(r -> r.bucket(bucket));
  }

  @Test
  void denyWhoseConditionMatchesStillDenies() {
    String bucket = bucket();
    s3.putBucketPolicy(r -> r.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
        + "\"Principal\":\"*\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + bucket + "/*\","
        + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}]}"));

    assertThatThrownBy(() -> s3.putObject(r -> r.bucket(bucket).key("a"), RequestBody.fromString("x")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
  }

  @Test
  void eventBridgeNotificationIsReadBackWhenEnabledOnly() {
    String bucket = bucket();
    s3.putBucketNotificationConfiguration(r -> r.bucket(bucket)
        .notificationConfiguration(n -> n.eventBridgeConfiguration(EventBridgeConfiguration.builder().build())));
    assertThat(s3.getBucketNotificationConfiguration(r -> r.bucket(bucket)).eventBridgeConfiguration()).isNotNull();

    s3.putBucketNotificationConfiguration(r -> r.bucket(bucket).notificationConfiguration(n -> {}));
    assertThat(s3.getBucketNotificationConfiguration(r -> r.bucket(bucket)).eventBridgeConfiguration()).isNull();
  }

  @Test
  void intelligentTieringConfigurationsRoundTripAndDeleteKeepsTheBucket() {
    String bucket = bucket();
    IntelligentTieringConfiguration archive = IntelligentTieringConfiguration.builder()
        .id("archive")
        .status(IntelligentTieringStatus.ENABLED)
        .filter(f -> f.prefix("logs/"))
        .tierings(Tiering.builder().days(90).accessTier(IntelligentTieringAccessTier.ARCHIVE_ACCESS).build(),
            Tiering.builder().days(180).accessTier(IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS).build())
        .build();
    IntelligentTieringConfiguration tagged = IntelligentTieringConfiguration.builder()
        .id("tagged")
        .status(IntelligentTieringStatus.DISABLED)
        .filter(f -> f.and(a -> a.prefix("a/").tags(Tag.builder().key("k").value("v").build(),
            Tag.builder().key("k2").value("v2").build())))
        .tierings(Tiering.builder().days(120).accessTier(IntelligentTieringAccessTier.ARCHIVE_ACCESS).build())
        .build();
    s3.putBucketIntelligentTieringConfiguration(r -> r.bucket(bucket).id("archive")
        .intelligentTieringConfiguration(archive));
    s3.putBucketIntelligentTieringConfiguration(r -> r.bucket(bucket).id("tagged")
        .intelligentTieringConfiguration(tagged));

    GetBucketIntelligentTieringConfigurationResponse got =
        s3.getBucketIntelligentTieringConfiguration(r -> r.bucket(bucket).id("archive"));
    assertThat(got.intelligentTieringConfiguration()).isEqualTo(archive);
    ListBucketIntelligentTieringConfigurationsResponse listed =
        s3.listBucketIntelligentTieringConfigurations(r -> r.bucket(bucket));
    assertThat(listed.isTruncated()).isFalse();
    assertThat(listed.intelligentTieringConfigurationList()).containsExactly(archive, tagged);

    s3.deleteBucketIntelligentTieringConfiguration(r -> r.bucket(bucket).id("archive"));

    assertThat(s3.headBucket(r -> r.bucket(bucket)).sdkHttpResponse().isSuccessful()).isTrue();
    assertThat(s3.listBucketIntelligentTieringConfigurations(r -> r.bucket(bucket))
        .intelligentTieringConfigurationList()).containsExactly(tagged);
    assertThatThrownBy(() -> s3.getBucketIntelligentTieringConfiguration(r -> r.bucket(bucket).id("archive")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchConfiguration");
        });
  }
}
