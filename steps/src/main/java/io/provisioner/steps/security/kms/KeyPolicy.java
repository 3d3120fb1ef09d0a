package io.provisioner.steps.security.kms;

import io.provisioner.steps.support.PolicyJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The key policy of the environment's key (seed 004 Layer 5): the account root may do everything
 * (which is what lets IAM policies grant use of the key), the listed services may use the key for
 * envelope encryption and may create grants for their own resources.
 *
 * <p>Policies are compared semantically ({@link #matches}): key order, statement order, a single
 * value versus a one-element list and {@code true} versus {@code "true"} do not count as a
 * difference, since KMS may hand a policy back in any of those shapes.
 */
final class KeyPolicy {
  static final String ROOT_SID = "EnableIamPolicies";
  static final String SERVICES_SID = "AllowServicesToUseKey";
  static final String GRANTS_SID = "AllowServiceGrants";
  static final List<String> SERVICE_ACTIONS = List.of(
      "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Services whose key-policy principal is regional, e.g. {@code logs.us-east-1.amazonaws.com}. */
  private static final Set<String> REGIONAL_PRINCIPALS = Set.of("logs");

  private final ObjectNode document;

  private KeyPolicy(ObjectNode document) {
    this.document = document;
  }

  /**
   * The policy of a key in {@code region} of account {@code accountId}.
   *
   * @param servicePrincipals global service principals, e.g. {@code rds.amazonaws.com}; regional
   *     ones are derived here
   */
  static KeyPolicy of(String accountId, String region, List<String> servicePrincipals) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(region, "region");
    ObjectNode doc = NODES.objectNode();
    doc.put("Version", "2012-10-17");
    ArrayNode statements = doc.putArray("Statement");

    ObjectNode root = statements.addObject();
    root.put("Sid", ROOT_SID);
    root.put("Effect", "Allow");
    root.putObject("Principal").put("AWS", "arn:" + partitionOf(region) + ":iam::" + accountId + ":root");
    root.put("Action", "kms:*");
    root.put("Resource", "*");

    List<String> services = servicePrincipalsFor(region, servicePrincipals);
    if (!services.isEmpty()) {
      ObjectNode use = statements.addObject();
      use.put("Sid", SERVICES_SID);
      use.put("Effect", "Allow");
      services.forEach(use.putObject("Principal").putArray("Service")::add);
      SERVICE_ACTIONS.forEach(use.putArray("Action")::add);
      use.put("Resource", "*");

      ObjectNode grants = statements.addObject();
      grants.put("Sid", GRANTS_SID);
      grants.put("Effect", "Allow");
      services.forEach(grants.putObject("Principal").putArray("Service")::add);
      grants.put("Action", "kms:CreateGrant");
      grants.put("Resource", "*");
      grants.putObject("Condition").putObject("Bool").put("kms:GrantIsForAWSResource", "true");
    }
    return new KeyPolicy(doc);
  }

  /** The principals as the policy of a key in {@code region} names them, duplicates dropped. */
  static List<String> servicePrincipalsFor(String region, List<String> servicePrincipals) {
    Set<String> result = new LinkedHashSet<>();
    for (String principal : servicePrincipals) {
      result.add(regionalPrincipal(principal, region));
    }
    return List.copyOf(result);
  }

  /** {@code logs.amazonaws.com} becomes {@code logs.<region>.amazonaws.com}; others stay as they are. */
  static String regionalPrincipal(String principal, String region) {
    String suffix = ".amazonaws.com";
    if (principal.endsWith(suffix)) {
      String service = principal.substring(0, principal.length() - suffix.length());
      if (REGIONAL_PRINCIPALS.contains(service)) {
        return service + "." + region + suffix;
      }
    }
    return principal;
  }

  /** The partition of a region: {@code aws}, {@code aws-cn}, {@code aws-us-gov}... */
  static String partitionOf(String region) {
    PartitionMetadata partition = PartitionMetadata.of(Region.of(region));
    return partition == null ? "aws" : partition.id();
  }

  /** The policy as the JSON text given to CreateKey / PutKeyPolicy. */
  String json() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a policy built from nodes always serializes", e);
    }
  }

  /** The policy as a tree (a copy). */
  ObjectNode document() {
    return document.deepCopy();
  }

  /** True when {@code actualJson} grants the same as this policy; unparsable text never matches. */
  boolean matches(String actualJson) {
    if (actualJson == null || actualJson.isBlank()) {
      return false;
    }
    try {
      return canonical(JSON.readTree(actualJson)).equals(canonical(document));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /**
   * What differs between this policy and {@code actualJson}, statement by statement (by Sid), in
   * words; empty when they grant the same.
   */
  List<String> differences(String actualJson) {
    if (matches(actualJson)) {
      return List.of();
    }
    JsonNode actual;
    try {
      actual = actualJson == null || actualJson.isBlank() ? null : JSON.readTree(actualJson);
    } catch (JsonProcessingException e) {
      actual = null;
    }
    if (actual == null || !actual.isObject()) {
      return List.of("the key policy is not a JSON object");
    }
    return PolicyJson.statementDifferences(document, actual, "statement", statement -> "",
        "is not expected");
  }

  /** The normal form policies are compared in; see {@link PolicyJson#normalize}. */
  static JsonNode canonical(JsonNode node) {
    return PolicyJson.normalize(node);
  }
}
