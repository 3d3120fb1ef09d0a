package io.provisioner.steps.storage.s3;

import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionExpiration;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionTransition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * The bucket's lifecycle configuration, owned whole by this step: a rule nobody declared in the
 * profile is a difference (it could expire data), and converging replaces the configuration.
 *
 * <p>Application bucket: {@value #NONCURRENT_VERSIONS} (noncurrent versions to STANDARD_IA, then
 * deleted), {@value #ABORT_UPLOADS} and {@value #DELETE_MARKERS} (delete markers with no version
 * behind them). Access-log bucket: {@value #EXPIRE_LOGS} (logs expire; their noncurrent versions are
 * deleted later) and {@value #DELETE_MARKERS}. Every rule covers the whole bucket.
 */
final class LifecycleRules implements Setting<LiveBucket> {
  static final String NONCURRENT_VERSIONS = "noncurrent-versions";
  static final String ABORT_UPLOADS = "abort-incomplete-multipart-uploads";
  static final String DELETE_MARKERS = "expired-delete-markers";
  static final String EXPIRE_LOGS = "expire-access-logs";

  private final List<LifecycleRule> rules;

  private LifecycleRules(List<LifecycleRule> rules) {
    this.rules = List.copyOf(rules);
  }

  static LifecycleRules application(S3Spec.Lifecycle spec) {
    LifecycleRule.Builder noncurrent = wholeBucket(NONCURRENT_VERSIONS)
        .noncurrentVersionExpiration(e -> e.noncurrentDays(spec.noncurrentExpirationDays()));
    if (spec.noncurrentTransitionDays() > 0) {
      noncurrent.noncurrentVersionTransitions(NoncurrentVersionTransition.builder()
          .noncurrentDays(spec.noncurrentTransitionDays()).storageClass(TransitionStorageClass.STANDARD_IA).build());
    }
    return new LifecycleRules(List.of(
        noncurrent.build(),
        wholeBucket(ABORT_UPLOADS)
            .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(spec.abortIncompleteUploadDays())).build(),
        deleteMarkers()));
  }

  static LifecycleRules accessLogs(S3Spec.AccessLogs spec) {
    return new LifecycleRules(List.of(
        wholeBucket(EXPIRE_LOGS)
            .expiration(e -> e.days(spec.expirationDays()))
            .noncurrentVersionExpiration(e -> e.noncurrentDays(spec.noncurrentExpirationDays())).build(),
        deleteMarkers()));
  }

  private static LifecycleRule deleteMarkers() {
    return wholeBucket(DELETE_MARKERS).expiration(e -> e.expiredObjectDeleteMarker(true)).build();
  }

  private static LifecycleRule.Builder wholeBucket(String id) {
    return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED)
        .filter(LifecycleRuleFilter.builder().prefix("").build());
  }

  /** The rules as given to PutBucketLifecycleConfiguration. */
  List<LifecycleRule> rules() {
    return rules;
  }

  @Override
  public List<String> differences(LiveBucket bucket) {
    return differences(bucket.ifSet("NoSuchLifecycleConfiguration",
        s3 -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket.name())).rules()).orElse(List.of()));
  }

  /** Rule by rule (by id), field by field, in words; empty when the rules are the same. */
  List<String> differences(List<LifecycleRule> actual) {
    Map<String, Map<String, String>> expected = byId(rules);
    Map<String, Map<String, String>> present = byId(actual);
    List<String> result = new ArrayList<>();
    expected.forEach((id, fields) -> {
      Map<String, String> found = present.get(id);
      if (found == null) {
        result.add("lifecycle rule " + id + " is missing");
        return;
      }
      fields.forEach((field, value) -> {
        if (!Objects.equals(value, found.get(field))) {
          result.add("lifecycle rule " + id + ": " + field + " is " + found.get(field) + ", expected " + value);
        }
      });
    });
    present.keySet().stream().filter(id -> !expected.containsKey(id))
        .forEach(id -> result.add("lifecycle rule " + id + " is not expected"));
    return result;
  }

  private static Map<String, Map<String, String>> byId(List<LifecycleRule> rules) {
    Map<String, Map<String, String>> result = new LinkedHashMap<>();
    for (LifecycleRule rule : rules) {
      result.put(rule.id() == null ? "(without id)" : rule.id(), describe(rule));
    }
    return result;
  }

  /** A rule as readable field values; two rules that do the same describe the same. */
  static Map<String, String> describe(LifecycleRule rule) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("status", rule.statusAsString());
    fields.put("scope", scope(rule));
    fields.put("expiration", expiration(rule.expiration()));
    fields.put("transitions", rule.hasTransitions() && !rule.transitions().isEmpty()
        ? rule.transitions().toString() : "none");
    List<String> noncurrentTransitions = new ArrayList<>();
    if (rule.hasNoncurrentVersionTransitions()) {
      for (NoncurrentVersionTransition t : rule.noncurrentVersionTransitions()) {
        noncurrentTransitions.add("to " + t.storageClassAsString() + " after " + t.noncurrentDays() + " days"
            + (t.newerNoncurrentVersions() == null ? "" : " keeping " + t.newerNoncurrentVersions() + " newer"));
      }
    }
    fields.put("noncurrent version transitions",
        noncurrentTransitions.isEmpty() ? "none" : String.join(", ", noncurrentTransitions));
    NoncurrentVersionExpiration noncurrent = rule.noncurrentVersionExpiration();
    fields.put("noncurrent version expiration", noncurrent == null || noncurrent.noncurrentDays() == null ? "none"
        : "after " + noncurrent.noncurrentDays() + " days"
            + (noncurrent.newerNoncurrentVersions() == null ? "" : " keeping " + noncurrent.newerNoncurrentVersions() + " newer"));
    fields.put("abort incomplete multipart uploads", rule.abortIncompleteMultipartUpload() == null
        || rule.abortIncompleteMultipartUpload().daysAfterInitiation() == null ? "none"
        : "after " + rule.abortIncompleteMultipartUpload().daysAfterInitiation() + " days");
    return fields;
  }

  @SuppressWarnings("deprecation") // a rule's top-level Prefix is deprecated but still returned for old rules
  private static String scope(LifecycleRule rule) {
    LifecycleRuleFilter filter = rule.filter();
    boolean wholeBucket = (rule.prefix() == null || rule.prefix().isEmpty())
        && (filter == null || (isEmpty(filter.prefix()) && filter.tag() == null && filter.and() == null
            && filter.objectSizeGreaterThan() == null && filter.objectSizeLessThan() == null));
    if (wholeBucket) {
      return "the whole bucket";
    }
    return rule.prefix() != null && !rule.prefix().isEmpty() ? "prefix " + rule.prefix() : String.valueOf(filter);
  }

  private static String expiration(LifecycleExpiration expiration) {
    if (expiration == null) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    if (expiration.days() != null) {
      parts.add("after " + expiration.days() + " days");
    }
    if (expiration.date() != null) {
      parts.add("on " + expiration.date());
    }
    if (Boolean.TRUE.equals(expiration.expiredObjectDeleteMarker())) {
      parts.add("expired delete markers");
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private static boolean isEmpty(String text) {
    return text == null || text.isEmpty();
  }

  @Override
  public void apply(LiveBucket bucket) {
    bucket.s3().putBucketLifecycleConfiguration(b -> b.bucket(bucket.name()).lifecycleConfiguration(c -> c.rules(rules)));
  }
}
