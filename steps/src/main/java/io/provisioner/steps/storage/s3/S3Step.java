package io.provisioner.steps.storage.s3;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The environment's S3 buckets (seed 000 §S3, seed 004 "S3 Intelligent Tiering" and Layer 5 KMS):
 * one access-log bucket and the application buckets of the spec, named {@code
 * <project>-<env>-<suffix>-<accountId>-<region>} and created in the step's target region.
 *
 * <p>Every bucket: versioning Enabled; object ownership BucketOwnerEnforced (no ACLs); a public
 * access block with all four flags on; a bucket policy denying any request without TLS; the
 * common and {@code provisioner:*} tags, plus {@code backup=true} where the spec asks for backups
 * (the AWS Backup plan selects by that tag).
 *
 * <p>Application buckets: default encryption SSE-KMS with the environment's key ({@code
 * security.kms} output {@code keyArn}) and S3 Bucket Keys; server access logging to the access-log
 * bucket under {@code <bucketName>/}; a lifecycle that moves noncurrent versions to STANDARD_IA,
 * deletes them later, aborts incomplete multipart uploads and removes expired delete markers;
 * EventBridge notifications and the Intelligent-Tiering configuration {@code EntireBucket} as the
 * spec says.
 *
 * <p>The access-log bucket is encrypted with SSE-S3 (AES256), not SSE-KMS: S3 server access
 * logging does not deliver to a bucket whose default encryption is SSE-KMS. Its policy also lets
 * {@code logging.s3.amazonaws.com} put objects for source buckets of this account ({@code
 * aws:SourceAccount}); its lifecycle expires logs after the spec's days.
 *
 * <p>Checkpoints (read by other steps as outputs): {@code bucket.<suffix>.name} and {@code
 * bucket.<suffix>.arn} for each application bucket, {@code bucket.access-logs.name} and {@code
 * bucket.access-logs.arn}, each written the moment the bucket is created or adopted.
 *
 * <p>Rollback first looks at every bucket. If any still holds objects (a version or a delete
 * marker) and the operator did not pass {@code --delete-data}, it deletes nothing and fails,
 * naming each such bucket with a count. With {@code --delete-data} it deletes every version and
 * delete marker, then the bucket: application buckets first, the access-log bucket last. A bucket
 * that does not exist is done.
 */
public final class S3Step implements Step {
  public static final String ID = "storage.s3";
  static final String KEEPS_DATA =
      "rollback keeps buckets that hold objects; run again with --delete-data to delete them with their objects";

  private final S3Spec spec;

  public S3Step(S3Spec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of(KmsStep.ID);
  }

  @Override
  public S3Spec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("s3", ctx -> ctx.clients().get(S3Client.class).listBuckets(r -> r.maxBuckets(1))));
  }

  @Override
  public void create(StepContext ctx) {
    try {
      for (ManagedBucket bucket : buckets(ctx)) {
        bucket.converge();
      }
    } catch (SdkException e) {
      throw new StepException("creating the S3 buckets failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Verification verify(StepContext ctx) {
    try {
      List<ManagedBucket> buckets = buckets(ctx);
      List<String> missing = new ArrayList<>();
      List<String> differences = new ArrayList<>();
      for (ManagedBucket bucket : buckets) {
        if (bucket.exists()) {
          differences.addAll(bucket.differences());
        } else {
          missing.add("bucket " + bucket.id().name() + " (" + bucket.id().key() + ") is missing");
        }
      }
      if (missing.size() == buckets.size()) {
        return new Verification(Verification.Status.MISSING, missing);
      }
      List<String> all = new ArrayList<>(missing);
      all.addAll(differences);
      return Verification.of(all);
    } catch (SdkException e) {
      throw new StepException("verifying the S3 buckets failed: " + e.getMessage(), e);
    }
  }

  /**
   * Checks every bucket before deleting any: with objects left and no {@code --delete-data}, fails
   * without deleting anything.
   */
  @Override
  public void rollback(StepContext ctx) {
    try {
      S3Client s3 = ctx.clients().get(S3Client.class);
      String accountId = ctx.clients().accountId(ctx.target());
      Map<BucketId, BucketRemoval> present = new LinkedHashMap<>();
      Map<BucketId, BucketRemoval.Contents> holdingObjects = new LinkedHashMap<>();
      for (BucketId id : BucketLayout.forRollback(ctx, spec)) {
        if (BucketLookup.exists(s3, id, accountId, ctx.target().region(), ctx.waits())) {
          BucketRemoval removal = new BucketRemoval(s3, id.name(), ctx.waits());
          present.put(id, removal);
          BucketRemoval.Contents contents = removal.contents();
          if (!contents.isEmpty()) {
            holdingObjects.put(id, contents);
          }
        } else {
          forget(ctx, id);
        }
      }
      if (!holdingObjects.isEmpty() && !ctx.deleteData()) {
        List<String> named = new ArrayList<>();
        holdingObjects.forEach((id, contents) -> named.add("bucket " + id.name() + " holds " + contents));
        throw new StepException(KEEPS_DATA + "; nothing was deleted: " + String.join("; ", named));
      }
      for (Map.Entry<BucketId, BucketRemoval> entry : present.entrySet()) {
        if (ctx.deleteData()) {
          entry.getValue().deleteWithContents();
        } else {
          entry.getValue().deleteEmpty();
        }
        forget(ctx, entry.getKey());
      }
    } catch (SdkException e) {
      throw new StepException("rolling back the S3 buckets failed: " + e.getMessage(), e);
    }
  }

  /** The buckets with their settings, access-log bucket first. */
  private List<ManagedBucket> buckets(StepContext ctx) {
    List<BucketId> ids = BucketLayout.of(ctx, spec);
    String accountId = ctx.clients().accountId(ctx.target());
    BucketId accessLogs = ids.get(0);
    List<ManagedBucket> result = new ArrayList<>();
    result.add(new ManagedBucket(ctx, accessLogs, accountId, BucketSettings.accessLogs(ctx, spec.accessLogs(),
        accessLogs, accountId)));
    String keyArn = ctx.outputsOf(KmsStep.ID).require("keyArn");
    for (int i = 0; i < spec.buckets().size(); i++) {
      BucketId id = ids.get(i + 1);
      result.add(new ManagedBucket(ctx, id, accountId,
          BucketSettings.application(ctx, spec.buckets().get(i), id, accessLogs, keyArn)));
    }
    return result;
  }

  private static void forget(StepContext ctx, BucketId id) {
    ctx.checkpoints().remove(id.nameOutput());
    ctx.checkpoints().remove(id.arnOutput());
  }
}
