package io.provisioner.steps.storage.s3;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One bucket of the step with its settings: finds it by name, creates or adopts it, converges each
 * setting that drifted and lists what differs.
 */
final class ManagedBucket {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedBucket.class);
  private static final String US_EAST_1 = "us-east-1";
  /** A bucket deleted a moment ago may still block the creation of its name for a while. */
  private static final Set<String> CREATE_CONFLICT = Set.of("OperationAborted");

  private final StepContext ctx;
  private final BucketId id;
  private final String accountId;
  private final List<BucketSetting> settings;
  private final S3Client s3;
  private final BucketCalls calls;

  ManagedBucket(StepContext ctx, BucketId id, String accountId, List<BucketSetting> settings) {
    this.ctx = ctx;
    this.id = id;
    this.accountId = accountId;
    this.settings = List.copyOf(settings);
    this.s3 = ctx.clients().get(S3Client.class);
    this.calls = new BucketCalls(s3, id.name(), ctx.waits());
  }

  BucketId id() {
    return id;
  }

  boolean exists() {
    return BucketLookup.exists(s3, id, accountId, region(), ctx.waits());
  }

  /** Creates or adopts the bucket, records it, then converges every setting that differs. */
  void converge() {
    boolean created = false;
    if (exists()) {
      refuseOtherOwners();
    } else {
      created = create();
    }
    record();
    List<String> changes = new ArrayList<>();
    for (BucketSetting setting : settings) {
      List<String> differences = setting.differences(calls);
      if (!differences.isEmpty()) {
        setting.apply(calls);
        changes.addAll(differences);
      }
    }
    if (created) {
      LOG.info("created bucket [step={}] [bucket={}] [region={}]", S3Step.ID, id.name(), region());
    } else if (!changes.isEmpty()) {
      LOG.info("converged bucket [step={}] [bucket={}] [changes={}]", S3Step.ID, id.name(), String.join("; ", changes));
    } else {
      LOG.debug("bucket in sync [step={}] [bucket={}]", S3Step.ID, id.name());
    }
  }

  /** What differs, each prefixed with the bucket's name; the bucket must exist. */
  List<String> differences() {
    List<String> result = new ArrayList<>();
    for (BucketSetting setting : settings) {
      setting.differences(calls).forEach(d -> result.add("bucket " + id.name() + ": " + d));
    }
    return result;
  }

  /**
   * CreateBucket; "already owned by you" is adopted (a retry after a lost response), a name taken
   * by another account is an error.
   *
   * @return true when this call created the bucket
   */
  private boolean create() {
    try {
      Transient.run(ctx.waits(), "create bucket " + id.name(), CREATE_CONFLICT, () -> s3.createBucket(b -> {
        b.bucket(id.name()).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        if (!US_EAST_1.equals(region())) {
          b.createBucketConfiguration(c -> c.locationConstraint(region()));
        }
      }));
      return true;
    } catch (S3Exception e) {
      if (AwsErrors.hasCode(e, AwsErrors.S3_BUCKET_TAKEN)) {
        throw new StepException("bucket name " + id.name() + " (" + id.field() + ") is taken by another AWS account;"
            + " bucket names are global: change " + id.whatToChange(), e);
      }
      if (AwsErrors.isAlreadyExists(e)) {
        LOG.info("adopted bucket [step={}] [bucket={}] [reason={}]", S3Step.ID, id.name(), AwsErrors.code(e));
        return false;
      }
      throw new StepException("creating bucket " + id.name() + " in " + region() + " failed: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new StepException("creating bucket " + id.name() + " in " + region() + " failed: " + e.getMessage(), e);
    }
  }

  /** An existing bucket tagged for another env, step or key belongs to someone else's run: never adopted. */
  private void refuseOtherOwners() {
    Map<String, String> tags = Tagging.read(calls);
    Map<String, String> ours = ctx.tags().forKey(id.key());
    for (String tag : List.of(ResourceTags.ENV, ResourceTags.STEP, ResourceTags.KEY)) {
      if (tags.containsKey(tag) && !tags.get(tag).equals(ours.get(tag))) {
        throw new StepException("bucket " + id.name() + " (" + id.field() + ") is tagged " + tag + "=" + tags.get(tag)
            + ", not " + ours.get(tag) + ": it belongs to another environment or step and is not adopted; "
            + "change " + id.whatToChange() + ", or remove that bucket");
      }
    }
  }

  private void record() {
    remember(id.nameOutput(), id.name());
    remember(id.arnOutput(), id.arn());
  }

  private void remember(String key, String value) {
    Checkpoints checkpoints = ctx.checkpoints();
    if (!checkpoints.get(key).filter(value::equals).isPresent()) {
      checkpoints.put(key, value);
    }
  }

  private String region() {
    return ctx.target().region();
  }
}
