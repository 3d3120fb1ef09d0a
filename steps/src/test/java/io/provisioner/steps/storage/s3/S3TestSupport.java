package io.provisioner.steps.storage.s3;

import io.provisioner.steps.security.kms.KmsOutputs;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sts.StsClient;

/** What the S3 ITs share: the upstream KMS key, the spec they use, and reads outside any step. */
final class S3TestSupport {
  private S3TestSupport() {}

  /**
   * The prod profile's buckets: EventBridge notifications on, and an Intelligent-Tiering
   * configuration on the backups bucket. The test emulator (moto_server 5.2.1 + provisioner shim)
   * returns both as S3 does (shim patches 2 and 3; moto alone never returned them), and evaluates
   * the step's TLS-only bucket policy with its condition (shim patch 1), so object calls and the
   * step's rollback work with the policy in place.
   */
  static S3Spec itSpec() {
    S3Spec.Lifecycle lifecycle = new S3Spec.Lifecycle(30, 365, 7);
    return new S3Spec(
        List.of(new S3Spec.Bucket("static-assets", false, true, lifecycle, null),
            new S3Spec.Bucket("backups", true, true, lifecycle, new S3Spec.IntelligentTiering(90, 180))),
        new S3Spec.AccessLogs(90, 7));
  }

  /** Creates the environment's KMS key directly and publishes it as the {@code security.kms} outputs. */
  static String prepareKey(TestHarness harness) {
    var key = harness.client(KmsClient.class)
        .createKey(r -> r.description("s3 IT key " + harness.env())).keyMetadata();
    harness.publish(KmsStep.ID, new KmsOutputs(key.keyId(), key.arn(), "alias/provisioner-" + harness.env(), null, null));
    return key.keyId();
  }

  static void scheduleKeyDeletion(TestHarness harness, String keyId) {
    harness.client(KmsClient.class).scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
  }

  static String accountId(TestHarness harness) {
    return harness.client(StsClient.class).getCallerIdentity().account();
  }

  /** The physical name the step gives a bucket of this harness's environment. */
  static String bucketName(TestHarness harness, String suffix) {
    return "provisioner-" + harness.env() + "-" + suffix + "-" + accountId(harness) + "-" + TestHarness.REGION;
  }

  /** Buckets of the emulator whose names belong to this harness's environment. */
  static List<String> bucketsOf(TestHarness harness) {
    String prefix = "provisioner-" + harness.env() + "-";
    return harness.client(S3Client.class).listBuckets().buckets().stream()
        .map(Bucket::name).filter(n -> n.startsWith(prefix)).toList();
  }

  /** Deletes whatever buckets of this environment a test left, with their objects. */
  static void deleteLeftovers(TestHarness harness) {
    S3Client s3 = harness.client(S3Client.class);
    for (String bucket : bucketsOf(harness)) {
      List<ObjectIdentifier> all = new ArrayList<>();
      ListObjectVersionsResponse page = s3.listObjectVersions(r -> r.bucket(bucket));
      page.versions().forEach(v -> all.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
      page.deleteMarkers().forEach(m -> all.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
      if (!all.isEmpty()) {
        s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(all)));
      }
      s3.deleteBucket(r -> r.bucket(bucket));
    }
  }
}
