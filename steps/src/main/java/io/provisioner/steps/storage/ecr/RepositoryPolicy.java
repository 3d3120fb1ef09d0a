package io.provisioner.steps.storage.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioner.steps.support.PolicyJson;
import java.util.List;
import java.util.Optional;

/**
 * The repository policy (seed 000 "repository policy limiting access to images"): pull for the pull
 * roles, pull and push for the push roles, and optionally image reads for the Lambda service. A
 * repository policy has no {@code Resource}: it applies to its repository.
 *
 * <p>Compared semantically with {@link PolicyJson}; differences are named statement by statement
 * (by {@code Sid}).
 */
final class RepositoryPolicy {
  static final String PULL_SID = "AllowPull";
  static final String PUSH_SID = "AllowPush";
  /** The Sid Lambda uses when it adds this statement itself, so it sees it is there already. */
  static final String LAMBDA_SID = "LambdaECRImageRetrievalPolicy";

  static final List<String> PULL_ACTIONS =
      List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability");
  static final List<String> PUSH_ACTIONS = List.of(
      "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability",
      "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage");
  static final List<String> LAMBDA_ACTIONS = List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer");
  static final String LAMBDA_PRINCIPAL = "lambda.amazonaws.com";

  private final ObjectNode document;

  private RepositoryPolicy(ObjectNode document) {
    this.document = document;
  }

  /**
   * The policy for these principals, or empty when nobody is named (the repository then has no
   * policy: access is what IAM policies of the account grant).
   *
   * @param pullArns role ARNs that may pull
   * @param pushArns role ARNs that may push and pull
   */
  static Optional<RepositoryPolicy> of(List<String> pullArns, List<String> pushArns, boolean lambdaServicePull) {
    if (pullArns.isEmpty() && pushArns.isEmpty() && !lambdaServicePull) {
      return Optional.empty();
    }
    ObjectNode doc = PolicyJson.MAPPER.createObjectNode();
    doc.put("Version", "2012-10-17");
    ArrayNode statements = doc.putArray("Statement");
    if (!pullArns.isEmpty()) {
      statement(statements, PULL_SID, "AWS", pullArns, PULL_ACTIONS);
    }
    if (!pushArns.isEmpty()) {
      statement(statements, PUSH_SID, "AWS", pushArns, PUSH_ACTIONS);
    }
    if (lambdaServicePull) {
      statement(statements, LAMBDA_SID, "Service", List.of(LAMBDA_PRINCIPAL), LAMBDA_ACTIONS);
    }
    return Optional.of(new RepositoryPolicy(doc));
  }

  private static void statement(
      ArrayNode statements, String sid, String principalType, List<String> principals, List<String> actions) {
    ObjectNode statement = statements.addObject();
    statement.put("Sid", sid);
    statement.put("Effect", "Allow");
    ArrayNode who = statement.putObject("Principal").putArray(principalType);
    principals.forEach(who::add);
    ArrayNode what = statement.putArray("Action");
    actions.forEach(what::add);
  }

  /** The text given to SetRepositoryPolicy. */
  String json() {
    return PolicyJson.write(document);
  }

  /** The policy as a tree (a copy). */
  ObjectNode document() {
    return document.deepCopy();
  }

  /**
   * What differs between the policy in place ({@code actual}, null when there is none) and this
   * one, in words; empty when they grant the same.
   */
  List<String> differences(String actual) {
    if (actual == null || actual.isBlank()) {
      return List.of("repository policy is missing");
    }
    JsonNode found;
    try {
      found = PolicyJson.parse(actual);
    } catch (IllegalArgumentException e) {
      return List.of("repository policy is not valid JSON");
    }
    return PolicyJson.statementDifferences(document, found, "repository policy statement",
        statement -> ": found principals " + statement.path("Principal") + ", actions " + statement.path("Action"),
        "is not in the spec");
  }
}
