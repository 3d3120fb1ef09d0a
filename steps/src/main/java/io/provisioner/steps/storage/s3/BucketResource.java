package io.provisioner.steps.storage.s3;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One bucket of the step. Its name is unique and the same on every run ({@link BucketName}), so
 * it is found by name: HeadBucket with {@code ExpectedBucketOwner}, to which S3 answers 403 for a
 * bucket of another account. A bucket of that name in another region, of another account, or
 * tagged {@code provisioner:*} for another environment, step or key is never adopted.
 *
 * <p>Created with object ownership BucketOwnerEnforced in the step's region (a location
 * constraint outside us-east-1). Its id is its name, recorded as {@code bucket.<key>.name} with
 * {@code bucket.<key>.arn}. Rollback keeps a bucket that holds objects unless the operator passed
 * {@code --delete-data}; with it, it deletes every version and delete marker first.
 */
final class BucketResource implements Resource<LiveBucket> {
  /**
   * From the S3 API reference: HeadBucket and DeleteBucket answer {@code NoSuchBucket} (HeadBucket
   * as a bare 404); CreateBucket answers {@code BucketAlreadyOwnedByYou} for a bucket of this
   * account (outside us-east-1, which answers 200) and {@code BucketAlreadyExists} for a name
   * another account holds, never adoptable; {@code OperationAborted} while a conflicting operation
   * on the name is in progress (a bucket deleted a moment ago). Retried for a while: {@code
   * NoSuchBucket} right after the creation, {@code InvalidTargetBucketForLogging} while the
   * access-log bucket's new policy is not yet seen by PutBucketLogging.
   */
  static final ErrorCodes ERRORS = ErrorCodes.notFound("NoSuchBucket")
      .alreadyExists("BucketAlreadyOwnedByYou")
      .notYetVisible("NoSuchBucket", "OperationAborted", "InvalidTargetBucketForLogging");
  static final String NAME_TAKEN = "BucketAlreadyExists";
  private static final String US_EAST_1 = "us-east-1";

  private final StepContext ctx;
  private final S3Client s3;
  private final BucketId id;
  private final String accountId;
  private final Supplier<List<Setting<LiveBucket>>> settings;

  /** @param settings the bucket's settings, built when the loop asks (rollback never does) */
  BucketResource(StepContext ctx, BucketId id, String accountId, Supplier<List<Setting<LiveBucket>>> settings) {
    this.ctx = ctx;
    this.s3 = ctx.clients().get(S3Client.class);
    this.id = id;
    this.accountId = accountId;
    this.settings = settings;
  }

  @Override
  public String key() {
    return id.key();
  }

  @Override
  public String idKey() {
    return id.nameOutput();
  }

  @Override
  public String description() {
    return "bucket " + id.name();
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  /** The recorded bucket, when it is still this one: a name recorded before a rename is another bucket. */
  @Override
  public Optional<LiveBucket> read(String name) {
    return name.equals(id.name()) && exists() ? Optional.of(live()) : Optional.empty();
  }

  @Override
  public Optional<LiveBucket> lookup() {
    if (!exists()) {
      return Optional.empty();
    }
    refuseOtherOwners(Tagging.read(live()));
    return Optional.of(live());
  }

  @Override
  public LiveBucket create() {
    try {
      s3.createBucket(b -> {
        b.bucket(id.name()).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        if (!US_EAST_1.equals(region())) {
          b.createBucketConfiguration(c -> c.locationConstraint(region()));
        }
      });
    } catch (S3Exception e) {
      if (AwsErrors.hasCode(e, NAME_TAKEN)) {
        throw new StepException("bucket name " + id.name() + " (" + id.field() + ") is taken by another AWS account;"
            + " bucket names are global: change " + id.whatToChange(), e);
      }
      throw e;
    }
    return live();
  }

  @Override
  public String id(LiveBucket bucket) {
    return bucket.name();
  }

  @Override
  public Map<String, String> recorded(LiveBucket bucket) {
    return Map.of(id.arnOutput(), id.arn());
  }

  @Override
  public List<Setting<LiveBucket>> settings() {
    return settings.get();
  }

  @Override
  public Optional<String> deletionGuard(LiveBucket bucket, boolean deleteData) {
    if (deleteData) {
      return Optional.empty();
    }
    BucketRemoval.Contents contents = removal().contents();
    return contents.isEmpty() ? Optional.empty() : Optional.of("holds " + contents + "; " + BucketRemoval.KEEPS_DATA);
  }

  @Override
  public void delete(LiveBucket bucket) {
    if (ctx.deleteData()) {
      removal().deleteWithContents();
    } else {
      removal().deleteEmpty();
    }
  }

  /** Forgets what was recorded of this bucket, when rollback finds it gone. */
  void forget() {
    ctx.checkpoints().remove(id.nameOutput());
    ctx.checkpoints().remove(id.arnOutput());
    ctx.checkpoints().clearIntent(key());
  }

  /**
   * True when the bucket exists in this account and region, false when there is no such bucket.
   *
   * @throws StepException when another account holds the name, or the bucket is in another region
   */
  private boolean exists() {
    Optional<String> foundIn;
    try {
      HeadBucketResponse head = s3.headBucket(b -> b.bucket(id.name()).expectedBucketOwner(accountId));
      foundIn = Optional.ofNullable(head.bucketRegion());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      if (e.statusCode() == 403) {
        throw new StepException("bucket " + id.name() + " (" + id.field() + ") exists but is not this account's ("
            + accountId + "), or this account may not read it (HTTP 403); bucket names are global, so change "
            + id.whatToChange() + " if another account owns it");
      }
      if (e.statusCode() != 301) {
        throw e;
      }
      foundIn = e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")
          .or(() -> Optional.of("another region"));
    }
    if (foundIn.isPresent() && !foundIn.get().equals(region())) {
      throw new StepException("bucket " + id.name() + " (" + id.field() + ") exists in " + foundIn.get()
          + ", but this step works in " + region() + "; delete or move that bucket, or place the step in "
          + foundIn.get());
    }
    return true;
  }

  /** A bucket tagged for another env, step or key belongs to someone else's run: never adopted. */
  private void refuseOtherOwners(Map<String, String> tags) {
    Map<String, String> ours = ctx.tags().forKey(id.key());
    for (String tag : List.of(ResourceTags.ENV, ResourceTags.STEP, ResourceTags.KEY)) {
      if (tags.containsKey(tag) && !tags.get(tag).equals(ours.get(tag))) {
        throw new StepException("bucket " + id.name() + " (" + id.field() + ") is tagged " + tag + "=" + tags.get(tag)
            + ", not " + ours.get(tag) + ": it belongs to another environment or step and is not adopted; "
            + "change " + id.whatToChange() + ", or remove that bucket");
      }
    }
  }

  private LiveBucket live() {
    return new LiveBucket(id.name(), s3);
  }

  private BucketRemoval removal() {
    return new BucketRemoval(s3, id.name(), ctx.waits());
  }

  private String region() {
    return ctx.target().region();
  }
}
