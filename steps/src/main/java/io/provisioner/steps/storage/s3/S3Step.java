package io.provisioner.steps.storage.s3;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Written on the resource kernel: one {@link BucketResource} per bucket, its settings one class
 * each ({@link BucketSettings}). Checkpoints: {@code bucket.<suffix>.name} and {@code
 * bucket.<suffix>.arn} for each application bucket, {@code bucket.access-logs.name} and {@code
 * bucket.access-logs.arn}, each written the moment the bucket is created or adopted. Publishes
 * {@link S3Outputs}.
 *
 * <p>Rollback first looks at every bucket, also those an earlier run recorded that the spec no
 * longer names. If any still holds objects (a version or a delete marker) and the operator did not
 * pass {@code --delete-data}, it deletes nothing and fails, naming each such bucket with a count.
 * With {@code --delete-data} it deletes every version and delete marker, then the bucket:
 * application buckets first, the access-log bucket last. A bucket that does not exist is done.
 */
public final class S3Step extends ResourceStep {
  public static final String ID = "storage.s3";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<S3Outputs> OUTPUTS = OutputRef.of(ID, S3Outputs.class);

  private final S3Spec spec;

  public S3Step(S3Spec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<OutputRef<?>> references() {
    return List.of(KmsStep.OUTPUTS);
  }

  @Override
  public S3Spec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("s3", ctx -> ctx.clients().get(S3Client.class).listBuckets(r -> r.maxBuckets(1))));
  }

  /** The access-log bucket, the application buckets, and in a rollback the buckets recorded before. */
  @Override
  protected void reconcile(Reconciler loop) {
    StepContext ctx = loop.context();
    String accountId = ctx.clients().accountId(ctx.target());
    List<BucketId> ids = BucketLayout.of(ctx, spec);
    BucketId logs = ids.get(0);
    Optional<LiveBucket> accessLogs = ensure(loop, new BucketResource(ctx, logs, accountId,
        () -> BucketSettings.accessLogs(ctx, spec.accessLogs(), logs, accountId)));
    Map<String, S3Outputs.Bucket> buckets = new LinkedHashMap<>();
    for (int i = 0; i < spec.buckets().size(); i++) {
      S3Spec.Bucket bucket = spec.buckets().get(i);
      BucketId id = ids.get(i + 1);
      ensure(loop, new BucketResource(ctx, id, accountId,
          () -> BucketSettings.application(ctx, bucket, id, logs, ctx.read(KmsStep.OUTPUTS).keyArn())))
          .ifPresent(live -> buckets.put(id.key(), new S3Outputs.Bucket(live.name(), id.arn())));
    }
    if (loop.mode() == Reconciler.Mode.DELETE) {
      BucketLayout.recordedOnly(ctx, ids).forEach(id -> ensure(loop, new BucketResource(ctx, id, accountId, List::of)));
    }
    accessLogs.ifPresent(live -> loop.publish(new S3Outputs(new S3Outputs.Bucket(live.name(), logs.arn()), buckets)));
  }

  /** Reconciles one bucket; a rollback that finds it gone forgets what was recorded of it. */
  private static Optional<LiveBucket> ensure(Reconciler loop, BucketResource bucket) {
    Optional<LiveBucket> live = loop.ensure(bucket);
    if (live.isEmpty() && loop.mode() == Reconciler.Mode.DELETE) {
      bucket.forget();
    }
    return live;
  }
}
