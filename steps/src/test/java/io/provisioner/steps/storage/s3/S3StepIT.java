package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepException;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The shared contract scenario for {@link S3Step} (drift: the public access block deleted behind
 * its back), plus what every bucket gets, several drifts at once, and adoption.
 */
class S3StepIT extends StepContractScenario {

  private String keyId;

  /**
   * Rollback runs with {@code --delete-data}: the access-log bucket receives a log object for every
   * call the step makes on the application buckets (moto delivers them at once, S3 within hours),
   * so it always holds objects, and rollback keeps buckets with objects unless told otherwise
   * ({@link S3RollbackIT} shows that refusal).
   */
  @Override
  protected void prepare(TestHarness harness) {
    keyId = S3TestSupport.prepareKey(harness);
    harness.deleteData(true);
  }

  @AfterEach
  void cleanUp() {
    S3TestSupport.deleteLeftovers(harness);
    S3TestSupport.scheduleKeyDeletion(harness, keyId);
  }

  /** The step with the prod profile's buckets, bucket policies left in place through rollback. */
  @Override
  protected Step step() {
    return new S3Step(S3TestSupport.itSpec());
  }

  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    harness.client(S3Client.class).deletePublicAccessBlock(r -> r.bucket(bucket("backups")));
  }

  @Override
  protected String expectedDriftFragment() {
    return "bucket " + bucket("backups") + ": public access block BlockPublicAcls is false";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    return S3TestSupport.bucketsOf(harness);
  }

  @Test
  void create_givesEveryBucketItsSettings_andRecordsTheOutputs() {
    harness.create(step());
    S3Client s3 = harness.client(S3Client.class);
    String logs = bucket(S3Spec.ACCESS_LOGS);
    String keyArn = harness.published(KmsStep.OUTPUTS).orElseThrow().keyArn();

    assertThat(harness.checkpointsOf(S3Step.ID)).containsOnly(
        Map.entry("bucket.access-logs.name", logs), Map.entry("bucket.access-logs.arn", "arn:aws:s3:::" + logs),
        Map.entry("bucket.static-assets.name", bucket("static-assets")),
        Map.entry("bucket.static-assets.arn", "arn:aws:s3:::" + bucket("static-assets")),
        Map.entry("bucket.backups.name", bucket("backups")),
        Map.entry("bucket.backups.arn", "arn:aws:s3:::" + bucket("backups")));
    S3Outputs outputs = harness.published(S3Step.OUTPUTS).orElseThrow();
    assertThat(outputs.accessLogs()).isEqualTo(new S3Outputs.Bucket(logs, "arn:aws:s3:::" + logs));
    assertThat(outputs.buckets()).containsOnlyKeys("static-assets", "backups");
    assertThat(outputs.bucket("backups")).isEqualTo(new S3Outputs.Bucket(bucket("backups"), "arn:aws:s3:::" + bucket("backups")));
    for (String name : List.of(logs, bucket("static-assets"), bucket("backups"))) {
      assertThat(s3.getBucketVersioning(r -> r.bucket(name)).status()).as(name).isEqualTo(BucketVersioningStatus.ENABLED);
      assertThat(s3.getBucketOwnershipControls(r -> r.bucket(name)).ownershipControls().rules())
          .as(name).extracting(rule -> rule.objectOwnership()).containsExactly(ObjectOwnership.BUCKET_OWNER_ENFORCED);
      var block = s3.getPublicAccessBlock(r -> r.bucket(name)).publicAccessBlockConfiguration();
      assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
          block.restrictPublicBuckets())).as(name).containsOnly(true);
      assertThat(s3.getBucketPolicy(r -> r.bucket(name)).policy()).as(name)
          .contains("DenyInsecureTransport").contains("aws:SecureTransport");
      assertThat(tags(name)).as(name).containsEntry(ResourceTags.ENV, harness.env())
          .containsEntry(ResourceTags.STEP, S3Step.ID).containsEntry("ManagedBy", "provisioner");
    }
    assertThat(tags(bucket("backups"))).containsEntry("backup", "true").containsEntry(ResourceTags.KEY, "backups");
    assertThat(tags(bucket("static-assets"))).doesNotContainKey("backup");

    ServerSideEncryptionRule appEncryption = encryption(bucket("backups"));
    assertThat(appEncryption.applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(appEncryption.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo(keyArn);
    assertThat(appEncryption.bucketKeyEnabled()).isTrue();
    assertThat(encryption(logs).applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);

    var logging = s3.getBucketLogging(r -> r.bucket(bucket("static-assets"))).loggingEnabled();
    assertThat(logging.targetBucket()).isEqualTo(logs);
    assertThat(logging.targetPrefix()).isEqualTo(bucket("static-assets") + "/");
    assertThat(s3.getBucketPolicy(r -> r.bucket(logs)).policy())
        .contains("logging.s3.amazonaws.com").contains("aws:SourceAccount");

    assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket("backups"))).rules()).extracting(LifecycleRule::id)
        .containsExactlyInAnyOrder("noncurrent-versions", "abort-incomplete-multipart-uploads", "expired-delete-markers");
    assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket(logs)).rules()).extracting(LifecycleRule::id)
        .containsExactlyInAnyOrder("expire-access-logs", "expired-delete-markers");
  }

  @Test
  void verify_whenSeveralSettingsDrift_namesEachDifference_andCreateConvergesThem() {
    Step step = step();
    harness.create(step);
    S3Client s3 = harness.client(S3Client.class);
    String assets = bucket("static-assets");
    String logs = bucket(S3Spec.ACCESS_LOGS);
    s3.putBucketVersioning(r -> r.bucket(assets).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
    s3.putBucketEncryption(r -> r.bucket(assets).serverSideEncryptionConfiguration(c -> c.rules(
        ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(
            ServerSideEncryptionByDefault.builder().sseAlgorithm(ServerSideEncryption.AES256).build()).build())));
    s3.deleteBucketLifecycle(r -> r.bucket(logs));
    s3.putBucketTagging(r -> r.bucket(assets).tagging(t -> t.tagSet(Tag.builder().key("backup").value("true").build())));
    s3.putBucketLogging(r -> r.bucket(assets).bucketLoggingStatus(b -> b.loggingEnabled(l -> l.targetBucket(logs)
        .targetPrefix("elsewhere/"))));
    s3.deleteBucketPolicy(r -> r.bucket(logs));

    String differences = String.join("\n", harness.verify(step).differences());

    assertThat(differences)
        .contains("bucket " + assets + ": versioning is Suspended, expected Enabled")
        .contains("bucket " + assets + ": default encryption is AES256, expected aws:kms")
        .contains("bucket " + assets + ": tag backup is \"true\" but the spec does not back this bucket up")
        .contains("bucket " + assets + ": tag provisioner:env is missing")
        .contains("bucket " + assets + ": server access logging goes to " + logs + "/elsewhere/, expected " + logs + "/"
            + assets + "/")
        .contains("bucket " + logs + ": lifecycle rule expire-access-logs is missing")
        .contains("bucket " + logs + ": bucket policy is missing");

    harness.create(step);

    assertThat(harness.verify(step).isInSync()).isTrue();
    assertThat(tags(assets)).doesNotContainKey("backup").containsEntry(ResourceTags.KEY, "static-assets");
    harness.rollback(step);
  }

  @Test
  void create_whenABucketWasMadeByHandWithoutTags_adoptsAndConvergesIt() {
    S3Client s3 = harness.client(S3Client.class);
    String assets = bucket("static-assets");
    s3.createBucket(r -> r.bucket(assets));

    harness.create(step());

    assertThat(harness.checkpointsOf(S3Step.ID)).containsEntry("bucket.static-assets.name", assets);
    assertThat(tags(assets)).containsEntry(ResourceTags.KEY, "static-assets");
    assertThat(harness.verify(step()).isInSync()).isTrue();
    harness.rollback(step());
  }

  @Test
  void create_whenTheBucketIsTaggedForAnotherEnvironment_refusesToAdoptIt() {
    S3Client s3 = harness.client(S3Client.class);
    String logs = bucket(S3Spec.ACCESS_LOGS);
    s3.createBucket(r -> r.bucket(logs));
    s3.putBucketTagging(r -> r.bucket(logs).tagging(t -> t.tagSet(
        Tag.builder().key(ResourceTags.ENV).value("someone-else").build())));

    assertThatThrownBy(() -> harness.create(step()))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("bucket " + logs)
        .hasMessageContaining("is tagged provisioner:env=someone-else")
        .hasMessageContaining("not adopted");
    assertThat(harness.checkpointsOf(S3Step.ID)).isEmpty();
    assertThat(S3TestSupport.bucketsOf(harness)).containsExactly(logs);
  }

  @Test
  void probes_answerOnTheEmulator() {
    Step step = step();

    assertThat(step.probes()).extracting(p -> p.service()).containsExactly("s3");
    step.probes().forEach(p -> p.call().accept(harness.context(step)));
  }

  private String bucket(String suffix) {
    return S3TestSupport.bucketName(harness, suffix);
  }

  private Map<String, String> tags(String bucket) {
    return harness.client(S3Client.class).getBucketTagging(r -> r.bucket(bucket)).tagSet().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private ServerSideEncryptionRule encryption(String bucket) {
    return harness.client(S3Client.class).getBucketEncryption(r -> r.bucket(bucket))
        .serverSideEncryptionConfiguration().rules().get(0);
  }
}
