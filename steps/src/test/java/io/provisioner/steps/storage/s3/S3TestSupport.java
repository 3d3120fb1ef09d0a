package io.provisioner.steps.storage.s3;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
   * The prod profile's buckets, except that EventBridge notifications are off and no
   * Intelligent-Tiering configuration is asked for: moto 5.2.1 stores both but never returns them
   * (GetBucketNotificationConfiguration leaves EventBridgeConfiguration out; PUT/GET
   * {@code ?intelligent-tiering} fall through to CreateBucket/ListObjects), so verify could never
   * be in sync with them on. {@code S3NotificationAndTieringRequestTest} covers both at request level.
   */
  static S3Spec itSpec() {
    S3Spec.Lifecycle lifecycle = new S3Spec.Lifecycle(30, 365, 7);
    return new S3Spec(
        List.of(new S3Spec.Bucket("static-assets", false, false, lifecycle, null),
            new S3Spec.Bucket("backups", true, false, lifecycle, null)),
        new S3Spec.AccessLogs(90, 7));
  }

  /**
   * The step, except that right before its rollback the test deletes the policies of the
   * environment's buckets. moto 5.2.1 evaluates a bucket policy on object calls without its
   * Conditions ({@code FakeBucket.get_permission} → {@code IAMPolicyStatement._check_conditions}
   * with no request context), so the step's "Deny s3:* when aws:SecureTransport is false" denies
   * every DeleteObjects made over the emulator's plain-HTTP endpoint, and a bucket holding objects
   * (the access-log bucket always does) could never be emptied. S3 evaluates the condition, and the
   * SDK talks to S3 over TLS.
   */
  static Step withPoliciesRemovedBeforeRollback(TestHarness harness, S3Step step) {
    return new Step() {
      @Override
      public String id() {
        return step.id();
      }

      @Override
      public Set<String> dependsOn() {
        return step.dependsOn();
      }

      @Override
      public Record spec() {
        return step.spec();
      }

      @Override
      public List<ServiceProbe> probes() {
        return step.probes();
      }

      @Override
      public void create(StepContext ctx) {
        step.create(ctx);
      }

      @Override
      public Verification verify(StepContext ctx) {
        return step.verify(ctx);
      }

      @Override
      public void rollback(StepContext ctx) {
        deletePolicies(harness);
        step.rollback(ctx);
      }
    };
  }

  /** Deletes the bucket policies of this environment's buckets (see {@link #withPoliciesRemovedBeforeRollback}). */
  static void deletePolicies(TestHarness harness) {
    S3Client s3 = harness.client(S3Client.class);
    bucketsOf(harness).forEach(bucket -> s3.deleteBucketPolicy(r -> r.bucket(bucket)));
  }

  /** Creates the environment's KMS key directly and publishes it as the {@code security.kms} outputs. */
  static String prepareKey(TestHarness harness) {
    var key = harness.client(KmsClient.class)
        .createKey(r -> r.description("s3 IT key " + harness.env())).keyMetadata();
    harness.recordOutputs(KmsStep.ID, Map.of("keyArn", key.arn(), "keyId", key.keyId()));
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
    deletePolicies(harness);
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
