package io.provisioner.steps.storage.s3;

import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * The bucket's default encryption: SSE-KMS with the environment's key and S3 Bucket Keys on (far
 * fewer KMS requests), or SSE-S3 (AES256) for the access-log bucket, which server access logging
 * needs.
 */
final class DefaultEncryption implements Setting<LiveBucket> {
  /** The key ARN for SSE-KMS; null for SSE-S3. */
  private final String keyArn;

  private DefaultEncryption(String keyArn) {
    this.keyArn = keyArn;
  }

  static DefaultEncryption kms(String keyArn) {
    return new DefaultEncryption(keyArn);
  }

  static DefaultEncryption s3Managed() {
    return new DefaultEncryption(null);
  }

  @Override
  public List<String> differences(LiveBucket bucket) {
    return differences(bucket.ifSet("ServerSideEncryptionConfigurationNotFoundError", s3 -> s3.getBucketEncryption(
            b -> b.bucket(bucket.name())).serverSideEncryptionConfiguration().rules())
        .flatMap(rules -> rules.stream().findFirst()));
  }

  List<String> differences(Optional<ServerSideEncryptionRule> actual) {
    ServerSideEncryptionByDefault byDefault = actual.map(ServerSideEncryptionRule::applyServerSideEncryptionByDefault)
        .orElse(null);
    if (byDefault == null) {
      return List.of("default encryption is not set, expected " + expected());
    }
    String algorithm = byDefault.sseAlgorithmAsString();
    if (keyArn == null) {
      return ServerSideEncryption.AES256.toString().equals(algorithm)
          ? List.of()
          : List.of("default encryption is " + algorithm + ", expected " + expected());
    }
    if (!ServerSideEncryption.AWS_KMS.toString().equals(algorithm)) {
      return List.of("default encryption is " + algorithm + ", expected " + expected());
    }
    if (!sameKey(byDefault.kmsMasterKeyID())) {
      return List.of("default encryption uses KMS key " + byDefault.kmsMasterKeyID() + ", expected " + keyArn);
    }
    if (!Boolean.TRUE.equals(actual.get().bucketKeyEnabled())) {
      return List.of("S3 Bucket Key is off, expected on");
    }
    return List.of();
  }

  /** The key given as its ARN or as the key id in that ARN. */
  private boolean sameKey(String actual) {
    return actual != null && (actual.equals(keyArn) || keyArn.endsWith(":key/" + actual));
  }

  private String expected() {
    return keyArn == null ? "AES256 (SSE-S3)" : "aws:kms with key " + keyArn + " and S3 Bucket Key on";
  }

  @Override
  public void apply(LiveBucket bucket) {
    ServerSideEncryptionRule rule = keyArn == null
        ? ServerSideEncryptionRule.builder()
            .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build()
        : ServerSideEncryptionRule.builder()
            .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(keyArn))
            .bucketKeyEnabled(true).build();
    bucket.s3().putBucketEncryption(b -> b.bucket(bucket.name()).serverSideEncryptionConfiguration(c -> c.rules(rule)));
  }
}
