package io.provisioner.steps.data.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.support.PolicyJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The statement {@value #SID} of the rotation function's resource policy: Secrets Manager may
 * invoke the function, for secrets of the step's account only ({@code aws:SourceAccount}).
 *
 * <p>It has no id of its own to record (its statement id is a constant of this class): it is found
 * through its function on every run, and nothing is checkpointed for it.
 */
final class InvokePermissionResource implements Resource<JsonNode> {
  static final String SID = "SecretsManagerRotation";
  static final String INVOKER = "secretsmanager.amazonaws.com";
  static final String ACTION = "lambda:InvokeFunction";
  /** GetPolicy answers ResourceNotFoundException also for a function without any policy. */
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("ResourceNotFoundException")
      .alreadyExists("ResourceConflictException").notYetVisible("ResourceNotFoundException");

  private final LambdaClient lambda;
  private final String functionArn;
  private final Supplier<String> accountId;

  InvokePermissionResource(LambdaClient lambda, String functionArn, Supplier<String> accountId) {
    this.lambda = lambda;
    this.functionArn = functionArn;
    this.accountId = accountId;
  }

  @Override
  public String key() {
    return Names.ROTATION_FUNCTION + ".permission";
  }

  @Override
  public String description() {
    return "permission " + SID + " of " + functionArn.substring(functionArn.lastIndexOf(':') + 1);
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<JsonNode> read(String ignored) {
    return lookup();
  }

  @Override
  public Optional<JsonNode> lookup() {
    String policy = lambda.getPolicy(b -> b.functionName(functionArn)).policy();
    if (policy == null || policy.isBlank()) {
      return Optional.empty();
    }
    JsonNode statements = PolicyJson.parse(policy).path("Statement");
    List<JsonNode> list = new ArrayList<>();
    if (statements.isArray()) {
      statements.forEach(list::add);
    } else if (statements.isObject()) {
      list.add(statements);
    }
    return list.stream().filter(s -> SID.equals(s.path("Sid").asText())).findFirst();
  }

  @Override
  public JsonNode create() {
    return PolicyJson.parse(lambda.addPermission(b -> b.functionName(functionArn).statementId(SID).action(ACTION)
        .principal(INVOKER).sourceAccount(accountId.get())).statement());
  }

  /** Nothing to record: see the class comment. */
  @Override
  public String id(JsonNode statement) {
    return null;
  }

  @Override
  public List<Setting<JsonNode>> settings() {
    String account = accountId.get();
    return List.of(new Setting<>() {
      @Override
      public List<String> differences(JsonNode statement) {
        return matches(statement, account) ? List.of()
            : List.of("expected " + INVOKER + " may " + ACTION + " from account " + account);
      }

      @Override
      public void apply(JsonNode statement) {
        delete(statement);
        create();
      }
    });
  }

  @Override
  public void delete(JsonNode statement) {
    lambda.removePermission(b -> b.functionName(functionArn).statementId(SID));
  }

  /** Allow, principal Secrets Manager, action InvokeFunction, condition SourceAccount = the account. */
  static boolean matches(JsonNode statement, String accountId) {
    String sourceAccount = null;
    JsonNode equals = statement.path("Condition").path("StringEquals");
    for (Iterator<String> keys = equals.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (key.equalsIgnoreCase("aws:SourceAccount")) {
        sourceAccount = PolicyJson.normalize(equals.get(key)).asText();
      }
    }
    return "Allow".equals(statement.path("Effect").asText())
        && INVOKER.equals(PolicyJson.normalize(statement.path("Principal").path("Service")).asText())
        && ACTION.equals(PolicyJson.normalize(statement.path("Action")).asText())
        && accountId.equals(sourceAccount);
  }
}
