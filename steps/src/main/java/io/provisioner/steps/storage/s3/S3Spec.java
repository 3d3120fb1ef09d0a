package io.provisioner.steps.storage.s3;

import io.provisioner.steps.spec.SpecCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The environment's S3 buckets (seed 000 §S3, seed 004 "S3 Intelligent Tiering" and Layer 5 KMS):
 * the application buckets listed here and one access-log bucket. Physical names are {@code
 * <project>-<env>-<suffix>-<accountId>-<region>}; what depends on the account id and region is
 * checked when the step runs.
 *
 * @param buckets the application buckets, at least one; suffixes unique
 * @param accessLogs the bucket that receives the server access logs of the application buckets
 */
public record S3Spec(List<Bucket> buckets, AccessLogs accessLogs) {

  /** Suffix and logical key of the access-log bucket; no application bucket may use it. */
  public static final String ACCESS_LOGS = "access-logs";

  /**
   * Longest suffix that can fit: the name adds at least {@code a-b-} (project, env), a hyphen, the
   * 12-digit account id, a hyphen and a region of at least 9 characters, and S3 allows 63.
   */
  static final int MAX_SUFFIX_LENGTH = 63 - 4 - 1 - 12 - 1 - 9;

  public S3Spec {
    SpecCheck check = SpecCheck.of()
        .notEmpty(buckets, "buckets")
        .notNull(accessLogs, "accessLogs");
    if (buckets != null) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < buckets.size(); i++) {
        Bucket bucket = buckets.get(i);
        check.notNull(bucket, "buckets[" + i + "]");
        if (bucket != null && bucket.suffix() != null) {
          check.require(seen.add(bucket.suffix()), "buckets[" + i + "].suffix",
              "\"" + bucket.suffix() + "\" is used by another bucket; each suffix names one bucket");
        }
      }
    }
    check.done();
    buckets = List.copyOf(buckets);
  }

  /**
   * One application bucket: SSE-KMS with the environment's key, versioned, logged to the
   * access-log bucket, notifying EventBridge and tiered as asked.
   *
   * @param suffix the part of the name that says what the bucket holds, e.g. {@code static-assets}:
   *     lowercase letters, digits and hyphens, starting and ending with a letter or digit; also the
   *     output key ({@code bucket.<suffix>.name})
   * @param backup tag the bucket {@code backup=true} so the AWS Backup plan selects it by tag
   * @param eventBridge send the bucket's events to EventBridge (S3 EventBridgeConfiguration); false
   *     turns them off
   * @param lifecycle what happens to noncurrent versions and incomplete multipart uploads
   * @param intelligentTiering the archive tiers of the {@code EntireBucket} S3 Intelligent-Tiering
   *     configuration; absent means the bucket has no such configuration. Objects in the archive
   *     tiers must be restored before they can be read, so leave it out for buckets served to users
   *     directly
   */
  public record Bucket(
      String suffix, boolean backup, boolean eventBridge, Lifecycle lifecycle, IntelligentTiering intelligentTiering) {

    public Bucket {
      SpecCheck.of()
          .require(suffix != null && BucketName.isValidPart(suffix), "suffix",
              "must be lowercase letters, digits and hyphens, starting and ending with a letter or digit"
                  + " (dots and uppercase are not allowed in bucket names here)")
          .require(suffix == null || suffix.length() <= MAX_SUFFIX_LENGTH, "suffix",
              "is " + (suffix == null ? 0 : suffix.length()) + " characters; use at most " + MAX_SUFFIX_LENGTH
                  + ": the bucket name adds project, env, the 12-digit account id and the region, and S3 allows 63")
          .require(!ACCESS_LOGS.equals(suffix), "suffix",
              "\"" + ACCESS_LOGS + "\" is the access-log bucket's; choose another suffix")
          .notNull(lifecycle, "lifecycle")
          .done();
    }
  }

  /**
   * Lifecycle of an application bucket. Expired delete markers (a delete marker with no version
   * left behind it) are always removed.
   *
   * @param noncurrentTransitionDays days after which a noncurrent version moves to STANDARD_IA; 0
   *     keeps it in its class (STANDARD_IA needs at least 30)
   * @param noncurrentExpirationDays days after which a noncurrent version is deleted; more than
   *     {@code noncurrentTransitionDays}
   * @param abortIncompleteUploadDays days after which an unfinished multipart upload is aborted
   */
  public record Lifecycle(int noncurrentTransitionDays, int noncurrentExpirationDays, int abortIncompleteUploadDays) {
    public Lifecycle {
      SpecCheck.of()
          .require(noncurrentTransitionDays == 0 || (noncurrentTransitionDays >= 30 && noncurrentTransitionDays <= 36500),
              "noncurrentTransitionDays", noncurrentTransitionDays
                  + " is out of range; use 0 (no transition) or 30 to 36500 (STANDARD_IA keeps objects at least 30 days)")
          .range(noncurrentExpirationDays, 1, 36500, "noncurrentExpirationDays")
          .require(noncurrentTransitionDays == 0 || noncurrentExpirationDays > noncurrentTransitionDays,
              "noncurrentExpirationDays", noncurrentExpirationDays + " must be greater than noncurrentTransitionDays ("
                  + noncurrentTransitionDays + "): a version is moved to STANDARD_IA before it is deleted")
          .range(abortIncompleteUploadDays, 1, 365, "abortIncompleteUploadDays")
          .done();
    }
  }

  /**
   * The opt-in archive tiers of S3 Intelligent-Tiering for the whole bucket (seed 004: 90 and 180
   * days).
   *
   * @param archiveAccessDays days without access before an object moves to ARCHIVE_ACCESS (90-730)
   * @param deepArchiveAccessDays days without access before DEEP_ARCHIVE_ACCESS (180-730), more
   *     than {@code archiveAccessDays}
   */
  public record IntelligentTiering(int archiveAccessDays, int deepArchiveAccessDays) {
    public IntelligentTiering {
      SpecCheck.of()
          .range(archiveAccessDays, 90, 730, "archiveAccessDays")
          .range(deepArchiveAccessDays, 180, 730, "deepArchiveAccessDays")
          .require(deepArchiveAccessDays > archiveAccessDays, "deepArchiveAccessDays",
              deepArchiveAccessDays + " must be greater than archiveAccessDays (" + archiveAccessDays + ")")
          .done();
    }
  }

  /**
   * The access-log bucket ({@code <project>-<env>-access-logs-<accountId>-<region>}). It is
   * encrypted with SSE-S3, since S3 server access logging does not deliver to a bucket whose
   * default encryption is SSE-KMS.
   *
   * @param expirationDays days after which a log object expires
   * @param noncurrentExpirationDays days after which an expired (noncurrent) log version is deleted
   *     for good; the bucket is versioned like every other
   */
  public record AccessLogs(int expirationDays, int noncurrentExpirationDays) {
    public AccessLogs {
      SpecCheck.of()
          .range(expirationDays, 1, 36500, "expirationDays")
          .range(noncurrentExpirationDays, 1, 36500, "noncurrentExpirationDays")
          .done();
    }
  }
}
