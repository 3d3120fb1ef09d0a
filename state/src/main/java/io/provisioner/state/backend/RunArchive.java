package io.provisioner.state.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioner.state.RunRecord;
import io.provisioner.state.StateException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The bucket where each run's record is exported as JSON when the run ends ({@code
 * runs/<env>/<runId>.json}): versioned, SSE-KMS with the state key and a bucket key, all four public
 * access blocks, bucket-owner-enforced ownership, and a policy denying requests without TLS. {@link
 * #ensure} converges each of these settings and only reads when they are in place. The bucket is
 * never deleted by provisioner.
 */
public final class RunArchive {
  private static final Logger LOG = LoggerFactory.getLogger(RunArchive.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final S3Client s3;
  private final String bucket;
  private final String region;
  private final Map<String, String> tags;

  public RunArchive(S3Client s3, String bucket, String region, Map<String, String> tags) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.region = Objects.requireNonNull(region, "region");
    this.tags = new TreeMap<>(tags);
  }

  /**
   * The archive bucket's name for a state table in an account and region: {@code
   * <table>-runs-<account>-<region>}, lower-cased, characters S3 does not allow turned into {@code -},
   * the table part shortened so the name fits 63 characters.
   */
  public static String bucketName(String table, String accountId, String region) {
    String suffix = "-runs-" + accountId + "-" + region;
    String base = table.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    base = base.substring(0, Math.min(base.length(), 63 - suffix.length())).replaceAll("^-+|-+$", "");
    if (base.isEmpty()) {
      base = "provisioner";
    }
    return base + suffix;
  }

  public String bucket() {
    return bucket;
  }

  /** Creates the bucket when missing and converges its protection; on a ready bucket it only reads. */
  public void ensure(String keyArn) {
    try {
      createIfMissing();
      ensureOwnership();
      ensurePublicAccessBlock();
      ensureVersioning();
      ensureEncryption(keyArn);
      ensureTlsOnlyPolicy();
      ensureTags();
    } catch (SdkException e) {
      throw new StateException("could not make sure the run archive bucket " + bucket + " is in place: "
          + e.getMessage(), e);
    }
  }

  /** Writes a finished run's record; the bucket's default encryption applies. */
  public String export(RunRecord run) {
    String key = "runs/" + run.env() + "/" + run.runId() + ".json";
    try {
      s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"),
          RequestBody.fromString(toJson(run)));
      return "s3://" + bucket + "/" + key;
    } catch (SdkException e) {
      throw new StateException("could not export run " + run.runId() + " to s3://" + bucket + "/" + key + ": "
          + e.getMessage(), e);
    }
  }

  static String toJson(RunRecord run) {
    ObjectNode root = JSON.createObjectNode();
    root.put("env", run.env());
    root.put("runId", run.runId());
    root.put("command", run.command());
    root.put("who", run.who());
    root.put("startedAt", text(run.startedAt()));
    root.put("endedAt", text(run.endedAt()));
    root.put("result", run.result());
    ArrayNode steps = root.putArray("steps");
    for (RunRecord.StepRun step : run.steps()) {
      ObjectNode s = steps.addObject();
      s.put("stepId", step.stepId());
      s.put("status", step.status());
      s.put("startedAt", text(step.startedAt()));
      s.put("endedAt", text(step.endedAt()));
      s.put("reads", step.reads());
      s.put("mutations", step.mutations());
      s.put("error", step.error());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("run record could not be written as JSON", e);
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private void createIfMissing() {
    try {
      s3.headBucket(r -> r.bucket(bucket));
      return;
    } catch (NoSuchBucketException e) {
      // create it below
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    }
    try {
      if ("us-east-1".equals(region)) {
        s3.createBucket(r -> r.bucket(bucket).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED));
      } else {
        s3.createBucket(r -> r.bucket(bucket).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region))));
      }
      LOG.info("run archive bucket created [bucket={}]", bucket);
    } catch (S3Exception e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if ("BucketAlreadyExists".equals(code)) {
        throw new StateException("the run archive bucket name " + bucket + " belongs to another AWS account; "
            + "choose another state table name", e);
      }
      if (!"BucketAlreadyOwnedByYou".equals(code)) {
        throw e;
      }
    }
  }

  private void ensureOwnership() {
    boolean enforced;
    try {
      enforced = s3.getBucketOwnershipControls(r -> r.bucket(bucket)).ownershipControls().rules().stream()
          .anyMatch(rule -> rule.objectOwnership() == ObjectOwnership.BUCKET_OWNER_ENFORCED);
    } catch (S3Exception e) {
      enforced = false;
    }
    if (!enforced) {
      s3.putBucketOwnershipControls(r -> r.bucket(bucket)
          .ownershipControls(o -> o.rules(rule -> rule.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
      LOG.info("run archive bucket ownership enforced [bucket={}]", bucket);
    }
  }

  private void ensurePublicAccessBlock() {
    PublicAccessBlockConfiguration all = PublicAccessBlockConfiguration.builder().blockPublicAcls(true)
        .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true).build();
    PublicAccessBlockConfiguration actual;
    try {
      actual = s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
    } catch (S3Exception e) {
      actual = null;
    }
    if (!all.equals(actual)) {
      s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(all));
      LOG.info("run archive bucket public access blocked [bucket={}]", bucket);
    }
  }

  private void ensureVersioning() {
    if (s3.getBucketVersioning(r -> r.bucket(bucket)).status() != BucketVersioningStatus.ENABLED) {
      s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
      LOG.info("run archive bucket versioning enabled [bucket={}]", bucket);
    }
  }

  private void ensureEncryption(String keyArn) {
    List<ServerSideEncryptionRule> rules;
    try {
      rules = s3.getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration().rules();
    } catch (S3Exception e) {
      rules = List.of();
    }
    boolean ok = rules.stream().anyMatch(rule -> rule.applyServerSideEncryptionByDefault() != null
        && rule.applyServerSideEncryptionByDefault().sseAlgorithm() == ServerSideEncryption.AWS_KMS
        && keyArn.equals(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID())
        && Boolean.TRUE.equals(rule.bucketKeyEnabled()));
    if (!ok) {
      s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
          .bucketKeyEnabled(true)
          .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(keyArn)))));
      LOG.info("run archive bucket encryption set [bucket={}] [key={}]", bucket, keyArn);
    }
  }

  private void ensureTlsOnlyPolicy() throws SdkException {
    String wanted = tlsOnlyPolicy();
    JsonNode actual = null;
    try {
      actual = JSON.readTree(s3.getBucketPolicy(r -> r.bucket(bucket)).policy());
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    } catch (IOException e) {
      actual = null;
    }
    try {
      if (!JSON.readTree(wanted).equals(actual)) {
        s3.putBucketPolicy(r -> r.bucket(bucket).policy(wanted));
        LOG.info("run archive bucket policy set (TLS only) [bucket={}]", bucket);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String tlsOnlyPolicy() {
    ObjectNode policy = JSON.createObjectNode();
    policy.put("Version", "2012-10-17");
    ObjectNode deny = policy.putArray("Statement").addObject();
    deny.put("Sid", "DenyInsecureTransport");
    deny.put("Effect", "Deny");
    deny.put("Principal", "*");
    deny.put("Action", "s3:*");
    ArrayNode resources = deny.putArray("Resource");
    String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    resources.add("arn:" + partition + ":s3:::" + bucket);
    resources.add("arn:" + partition + ":s3:::" + bucket + "/*");
    deny.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
    return policy.toString();
  }

  private void ensureTags() {
    Map<String, String> actual = new TreeMap<>();
    try {
      s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().forEach(t -> actual.put(t.key(), t.value()));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    }
    if (!actual.equals(tags)) {
      List<Tag> tagSet = tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
          .toList();
      s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(tagSet)));
    }
  }
}
