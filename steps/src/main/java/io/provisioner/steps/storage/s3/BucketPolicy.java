package io.provisioner.steps.storage.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.support.PolicyJson;
import java.util.List;
import java.util.Optional;

/**
 * The bucket policy, owned whole by this step: every bucket denies any request made without TLS
 * ({@code aws:SecureTransport} false); the access-log bucket also lets the S3 logging service put
 * log objects, for source buckets of this account only ({@code aws:SourceAccount}). No ACLs are
 * used anywhere: ownership is BucketOwnerEnforced. Compared with {@link PolicyJson}, so S3's
 * reformatting of a policy is not a difference.
 */
final class BucketPolicy implements Setting<LiveBucket> {
  static final String DENY_INSECURE_TRANSPORT = "DenyInsecureTransport";
  static final String ALLOW_LOG_DELIVERY = "AllowServerAccessLogDelivery";
  static final String LOGGING_SERVICE = "logging.s3.amazonaws.com";

  private final ObjectNode document;

  private BucketPolicy(ObjectNode document) {
    this.document = document;
  }

  /** The policy of an application bucket. */
  static BucketPolicy tlsOnly(String bucketArn) {
    ObjectNode doc = emptyDocument();
    addDenyInsecureTransport((ArrayNode) doc.get("Statement"), bucketArn);
    return new BucketPolicy(doc);
  }

  /**
   * The policy of the access-log bucket. The delivery grant comes first: moto 5.2.1's
   * PutBucketLogging check reads statements in order and fails on a {@code "Principal": "*"} before
   * it; the order means nothing to S3.
   */
  static BucketPolicy accessLogTarget(String bucketArn, String accountId) {
    ObjectNode doc = emptyDocument();
    ArrayNode statements = (ArrayNode) doc.get("Statement");
    ObjectNode delivery = statements.addObject();
    delivery.put("Sid", ALLOW_LOG_DELIVERY);
    delivery.put("Effect", "Allow");
    delivery.putObject("Principal").put("Service", LOGGING_SERVICE);
    delivery.put("Action", "s3:PutObject");
    delivery.put("Resource", bucketArn + "/*");
    delivery.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", accountId);
    addDenyInsecureTransport(statements, bucketArn);
    return new BucketPolicy(doc);
  }

  private static ObjectNode emptyDocument() {
    ObjectNode doc = PolicyJson.MAPPER.createObjectNode();
    doc.put("Version", "2012-10-17");
    doc.putArray("Statement");
    return doc;
  }

  private static void addDenyInsecureTransport(ArrayNode statements, String bucketArn) {
    ObjectNode deny = statements.addObject();
    deny.put("Sid", DENY_INSECURE_TRANSPORT);
    deny.put("Effect", "Deny");
    deny.put("Principal", "*");
    deny.put("Action", "s3:*");
    deny.putArray("Resource").add(bucketArn).add(bucketArn + "/*");
    deny.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
  }

  /** The policy as the JSON text given to PutBucketPolicy. */
  String json() {
    return PolicyJson.write(document);
  }

  @Override
  public List<String> differences(LiveBucket bucket) {
    return differences(bucket.ifSet("NoSuchBucketPolicy", s3 -> s3.getBucketPolicy(b -> b.bucket(bucket.name())).policy()));
  }

  /** What differs from {@code actual}, statement by statement (by Sid); empty when they grant the same. */
  List<String> differences(Optional<String> actual) {
    if (actual.isEmpty() || actual.get().isBlank()) {
      return List.of("bucket policy is missing");
    }
    JsonNode found;
    try {
      found = PolicyJson.parse(actual.get());
    } catch (IllegalArgumentException e) {
      return List.of("bucket policy is not a JSON document");
    }
    return PolicyJson.statementDifferences(document, found, "bucket policy statement", statement -> "",
        "is not expected");
  }

  @Override
  public void apply(LiveBucket bucket) {
    bucket.s3().putBucketPolicy(b -> b.bucket(bucket.name()).policy(json()));
  }
}
