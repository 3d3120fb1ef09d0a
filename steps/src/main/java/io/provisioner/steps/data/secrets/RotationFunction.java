package io.provisioner.steps.data.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.support.FunctionCode;
import io.provisioner.steps.support.PolicyJson;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The Lambda function that rotates the database secret, and the permission that lets Secrets
 * Manager invoke it. Found by its name, adopted when its {@code provisioner:*} tags say it is ours,
 * created when missing, and updated in place: the code only when the local package's {@code
 * CodeSha256} differs from the deployed one, the configuration only when a setting differs.
 */
final class RotationFunction {
  static final String PERMISSION_SID = "SecretsManagerRotation";
  static final String INVOKER = "secretsmanager.amazonaws.com";
  static final String INVOKE_ACTION = "lambda:InvokeFunction";
  static final String ENDPOINT_VARIABLE = "SECRETS_MANAGER_ENDPOINT";
  static final String PASSWORD_LENGTH_VARIABLE = "PASSWORD_LENGTH";

  private static final Logger LOG = LoggerFactory.getLogger(RotationFunction.class);
  /** IAM may take seconds before Lambda can assume a new role; Lambda says so with this code. */
  private static final String ROLE_NOT_READY = "InvalidParameterValueException";

  private final StepContext ctx;
  private final LambdaClient lambda;
  private final String name;

  RotationFunction(StepContext ctx, LambdaClient lambda, String name) {
    this.ctx = ctx;
    this.lambda = lambda;
    this.name = name;
  }

  String name() {
    return name;
  }

  /** What the function should look like; everything but the name comes from the spec and upstream steps. */
  record Desired(
      String runtime,
      String roleArn,
      int timeoutSeconds,
      int memoryMb,
      List<String> subnetIds,
      List<String> securityGroupIds,
      Map<String, String> environment,
      String description,
      FunctionCode code,
      String accountId) {

    Desired {
      subnetIds = List.copyOf(new TreeSet<>(subnetIds));
      securityGroupIds = List.copyOf(new TreeSet<>(securityGroupIds));
      environment = Map.copyOf(environment);
    }

    /** The function's environment: the Secrets Manager endpoint of its region and the password length. */
    static Map<String, String> environment(String region, int passwordLength) {
      Map<String, String> variables = new LinkedHashMap<>();
      variables.put(ENDPOINT_VARIABLE, "https://secretsmanager." + region + "." + dnsSuffix(region));
      variables.put(PASSWORD_LENGTH_VARIABLE, Integer.toString(passwordLength));
      return variables;
    }

    private static String dnsSuffix(String region) {
      PartitionMetadata partition = PartitionMetadata.of(Region.of(region));
      return partition == null ? "amazonaws.com" : partition.dnsSuffix();
    }
  }

  // ---------------------------------------------------------------- create

  /** Adopts or creates the function, converges it and its invoke permission; returns its ARN. */
  String converge(Desired desired) {
    try {
      List<String> changes = new ArrayList<>();
      String codeSha256 = desired.code().codeSha256();
      Optional<GetFunctionResponse> found = get();
      if (found.isEmpty()) {
        found = create(desired, changes);
      }
      GetFunctionResponse function = found.orElseThrow(() -> new StepException("rotation function " + name
          + " was created but cannot be read yet; run 'up' again"));
      requireOurs(function);
      FunctionConfiguration config = function.configuration();
      record(config.functionArn());
      if (changes.isEmpty()) {
        config = awaitIdle(config);
        if (!codeSha256.equals(config.codeSha256())) {
          warnAboutMissingRequirements(desired.code());
          lambda.updateFunctionCode(b -> b.functionName(name).zipFile(SdkBytes.fromByteArray(desired.code().zip())));
          config = awaitUpdated();
          changes.add("deployed code " + codeSha256 + " (was " + function.configuration().codeSha256() + ")");
        }
        List<String> configDifferences = configDifferences(config, desired);
        if (!configDifferences.isEmpty()) {
          whenRoleIsReady("update the configuration of", () -> lambda.updateFunctionConfiguration(b -> b
              .functionName(name)
              .runtime(desired.runtime())
              .role(desired.roleArn())
              .handler(RotationFunctionSpec.HANDLER)
              .timeout(desired.timeoutSeconds())
              .memorySize(desired.memoryMb())
              .description(desired.description())
              .vpcConfig(v -> v.subnetIds(desired.subnetIds()).securityGroupIds(desired.securityGroupIds()))
              .environment(e -> e.variables(desired.environment()))));
          awaitUpdated();
          changes.add("updated the configuration: " + String.join("; ", configDifferences));
        }
        Map<String, String> missing = missingTags(function.tags());
        if (!missing.isEmpty()) {
          lambda.tagResource(b -> b.resource(function.configuration().functionArn()).tags(missing));
          changes.add("set tags " + missing.keySet());
        }
      }
      convergePermission(desired.accountId(), changes);
      if (!changes.isEmpty()) {
        LOG.info("converged rotation function [step={}] [function={}] [changes={}]", SecretsStep.ID, name,
            String.join("; ", changes));
      }
      return function.configuration().functionArn();
    } catch (SdkException e) {
      throw new StepException("converging rotation function " + name + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * A new function, created once IAM lets Lambda assume its role, and waited for until Active. When
   * one of this name appeared meanwhile (a lost response), that one is returned, to be adopted.
   */
  private Optional<GetFunctionResponse> create(Desired desired, List<String> changes) {
    warnAboutMissingRequirements(desired.code());
    CreateFunctionRequest request = CreateFunctionRequest.builder()
        .functionName(name)
        .runtime(desired.runtime())
        .role(desired.roleArn())
        .handler(RotationFunctionSpec.HANDLER)
        .timeout(desired.timeoutSeconds())
        .memorySize(desired.memoryMb())
        .description(desired.description())
        .code(c -> c.zipFile(SdkBytes.fromByteArray(desired.code().zip())))
        .vpcConfig(v -> v.subnetIds(desired.subnetIds()).securityGroupIds(desired.securityGroupIds()))
        .environment(e -> e.variables(desired.environment()))
        .tags(ctx.tags().forKey(Names.ROTATION_FUNCTION))
        .build();
    try {
      String arn = whenRoleIsReady("create", () -> lambda.createFunction(request)).functionArn();
      record(arn);
      changes.add("created");
    } catch (LambdaException e) {
      if (!AwsErrors.hasCode(e, "ResourceConflictException")) {
        throw e;
      }
      LOG.info("rotation function appeared meanwhile, adopting it [step={}] [function={}]", SecretsStep.ID, name);
      return get();
    }
    awaitActive();
    return get();
  }

  /**
   * A create or update naming the execution role, repeated while Lambda answers that it cannot use
   * the role yet (IAM propagation, within the waits); any other invalid parameter fails at once.
   *
   * @param what what is done to the function, e.g. {@code create}
   */
  private <T> T whenRoleIsReady(String what, Supplier<T> call) {
    return Transient.retry(ctx.waits(), what + " rotation function " + name, Set.of(ROLE_NOT_READY), () -> {
      try {
        return call.get();
      } catch (LambdaException e) {
        if (AwsErrors.hasCode(e, ROLE_NOT_READY) && !AwsErrors.isLambdaRoleNotReady(e)) {
          throw new StepException("Lambda refused to " + what + " rotation function " + name + ": " + e.getMessage(),
              e);
        }
        throw e;
      }
    });
  }

  private void convergePermission(String accountId, List<String> changes) {
    Optional<JsonNode> statement = permission();
    if (statement.isPresent() && permissionMatches(statement.get(), accountId)) {
      return;
    }
    if (statement.isPresent()) {
      lambda.removePermission(b -> b.functionName(name).statementId(PERMISSION_SID));
    }
    try {
      lambda.addPermission(b -> b.functionName(name).statementId(PERMISSION_SID).action(INVOKE_ACTION)
          .principal(INVOKER).sourceAccount(accountId));
      changes.add(statement.isPresent() ? "replaced the invoke permission of " + INVOKER
          : "allowed " + INVOKER + " to invoke it");
    } catch (LambdaException e) {
      if (!AwsErrors.hasCode(e, "ResourceConflictException")) {
        throw e;
      }
    }
  }

  // ---------------------------------------------------------------- verify

  /**
   * Read-only: adds what differs to {@code differences}.
   *
   * @return the function's ARN when it exists and is ours
   */
  Optional<String> verify(Supplier<Desired> expected, List<String> differences) {
    try {
      Optional<GetFunctionResponse> found = get();
      if (found.isEmpty()) {
        differences.add("rotation function " + name + " is missing");
        return Optional.empty();
      }
      if (!isOurs(found.get())) {
        differences.add("rotation function " + name + " exists but is not managed by this environment");
        return Optional.empty();
      }
      Desired desired = expected.get();
      FunctionConfiguration config = found.get().configuration();
      String prefix = "rotation function " + name + ": ";
      // Inactive is normal: Lambda deactivates a VPC function idle for weeks and wakes it on the next rotation.
      if (config.state() == State.FAILED || config.state() == State.PENDING) {
        differences.add(prefix + "state is " + config.stateAsString()
            + (config.stateReason() == null ? "" : " (" + config.stateReason() + ")") + ", expected Active");
      }
      if (config.lastUpdateStatus() == LastUpdateStatus.FAILED) {
        differences.add(prefix + "its last update failed"
            + (config.lastUpdateStatusReason() == null ? "" : " (" + config.lastUpdateStatusReason() + ")"));
      }
      String expectedSha = desired.code().codeSha256();
      if (!expectedSha.equals(config.codeSha256())) {
        differences.add(prefix + "deployed code " + config.codeSha256() + " differs from src/functions/"
            + desired.code().directory() + " (" + expectedSha + ")");
      }
      configDifferences(config, desired).forEach(d -> differences.add(prefix + d));
      Map<String, String> actualTags = found.get().tags() == null ? Map.of() : found.get().tags();
      missingTags(actualTags).forEach((tag, value) -> differences.add(prefix + (actualTags.containsKey(tag)
          ? "tag " + tag + " is \"" + actualTags.get(tag) + "\", expected \"" + value + "\""
          : "tag " + tag + " is missing, expected \"" + value + "\"")));
      Optional<JsonNode> statement = permission();
      if (statement.isEmpty()) {
        differences.add(prefix + "permission " + PERMISSION_SID + " for " + INVOKER + " is missing");
      } else if (!permissionMatches(statement.get(), desired.accountId())) {
        differences.add(prefix + "permission " + PERMISSION_SID + " differs: expected " + INVOKER + " may "
            + INVOKE_ACTION + " from account " + desired.accountId());
      }
      return Optional.of(config.functionArn());
    } catch (SdkException e) {
      throw new StepException("verifying rotation function " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** Read-only: true when a function of this name exists and is ours. */
  boolean exists() {
    try {
      return get().filter(this::isOurs).isPresent();
    } catch (SdkException e) {
      throw new StepException("looking up rotation function " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** Readable differences between the live configuration and the desired one. */
  static List<String> configDifferences(FunctionConfiguration live, Desired desired) {
    List<String> differences = new ArrayList<>();
    compare(differences, "runtime", live.runtimeAsString(), desired.runtime());
    compare(differences, "handler", live.handler(), RotationFunctionSpec.HANDLER);
    compare(differences, "role", live.role(), desired.roleArn());
    compare(differences, "timeout", live.timeout(), desired.timeoutSeconds());
    compare(differences, "memory", live.memorySize(), desired.memoryMb());
    compare(differences, "description", live.description(), desired.description());
    List<String> subnets = live.vpcConfig() == null ? List.of()
        : List.copyOf(new TreeSet<>(live.vpcConfig().subnetIds()));
    compare(differences, "subnets", subnets, desired.subnetIds());
    List<String> groups = live.vpcConfig() == null ? List.of()
        : List.copyOf(new TreeSet<>(live.vpcConfig().securityGroupIds()));
    compare(differences, "security groups", groups, desired.securityGroupIds());
    Map<String, String> variables = live.environment() == null || live.environment().variables() == null
        ? Map.of() : live.environment().variables();
    compare(differences, "environment", new java.util.TreeMap<>(variables),
        new java.util.TreeMap<>(desired.environment()));
    return differences;
  }

  private static void compare(List<String> differences, String what, Object actual, Object expected) {
    if (!Objects.equals(actual, expected)) {
      differences.add(what + " is " + actual + ", expected " + expected);
    }
  }

  // ---------------------------------------------------------------- rollback

  /** Removes the invoke permission and deletes the function when it is ours; missing is done. */
  void delete() {
    try {
      Optional<GetFunctionResponse> found = get();
      if (found.isEmpty()) {
        return;
      }
      if (!isOurs(found.get())) {
        LOG.warn("function not managed by this environment left alone [step={}] [function={}]", SecretsStep.ID, name);
        return;
      }
      try {
        lambda.removePermission(b -> b.functionName(name).statementId(PERMISSION_SID));
      } catch (LambdaException e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
      try {
        lambda.deleteFunction(b -> b.functionName(name));
        LOG.info("deleted rotation function [step={}] [function={}]", SecretsStep.ID, name);
      } catch (LambdaException e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
    } catch (SdkException e) {
      throw new StepException("deleting rotation function " + name + " failed: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- lookup and waiting

  private Optional<GetFunctionResponse> get() {
    try {
      return Optional.of(lambda.getFunction(b -> b.functionName(name)));
    } catch (LambdaException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The statement of our invoke permission in the function's policy; empty when there is none. */
  private Optional<JsonNode> permission() {
    String policy;
    try {
      policy = lambda.getPolicy(b -> b.functionName(name)).policy();
    } catch (LambdaException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
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
    return list.stream().filter(s -> PERMISSION_SID.equals(s.path("Sid").asText())).findFirst();
  }

  /** Allow, principal Secrets Manager, action InvokeFunction, condition SourceAccount = the account. */
  static boolean permissionMatches(JsonNode statement, String accountId) {
    JsonNode principal = PolicyJson.normalize(statement.path("Principal").path("Service"));
    JsonNode action = PolicyJson.normalize(statement.path("Action"));
    String sourceAccount = null;
    JsonNode equals = statement.path("Condition").path("StringEquals");
    for (java.util.Iterator<String> keys = equals.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (key.equalsIgnoreCase("aws:SourceAccount")) {
        sourceAccount = PolicyJson.normalize(equals.get(key)).asText();
      }
    }
    return "Allow".equals(statement.path("Effect").asText())
        && INVOKER.equals(principal.asText())
        && INVOKE_ACTION.equals(action.asText())
        && accountId.equals(sourceAccount);
  }

  /** Waits out a create or update still in progress, so the next update is accepted. */
  private FunctionConfiguration awaitIdle(FunctionConfiguration config) {
    if (config.state() == State.PENDING) {
      return awaitActive();
    }
    if (config.lastUpdateStatus() == LastUpdateStatus.IN_PROGRESS) {
      return awaitUpdated();
    }
    return config;
  }

  private FunctionConfiguration awaitActive() {
    return await("become Active", (waiter) -> waiter.waitUntilFunctionActiveV2(request(), override()));
  }

  private FunctionConfiguration awaitUpdated() {
    return await("finish its update", (waiter) -> waiter.waitUntilFunctionUpdatedV2(request(), override()));
  }

  private FunctionConfiguration await(String what,
      Function<LambdaWaiter, WaiterResponse<GetFunctionResponse>> wait) {
    try (LambdaWaiter waiter = lambda.waiter()) {
      WaiterResponse<GetFunctionResponse> response = wait.apply(waiter);
      return response.matched().response()
          .map(GetFunctionResponse::configuration)
          .orElseThrow(() -> new StepException("rotation function " + name + " did not " + what + ": "
              + response.matched().exception().map(Throwable::getMessage).orElse("no answer")));
    } catch (SdkException e) {
      throw new StepException("gave up waiting for rotation function " + name + " to " + what + " after "
          + ctx.waits().resourceReady() + ": " + e.getMessage() + "; run the same command again to pick it up", e);
    }
  }

  private GetFunctionRequest request() {
    return GetFunctionRequest.builder().functionName(name).build();
  }

  private WaiterOverrideConfiguration override() {
    return WaiterOverrideConfiguration.builder().waitTimeout(ctx.waits().resourceReady()).build();
  }

  // ---------------------------------------------------------------- helpers

  private boolean isOurs(GetFunctionResponse function) {
    return ctx.tags().matches(function.tags() == null ? Map.of() : function.tags(), Names.ROTATION_FUNCTION);
  }

  private void requireOurs(GetFunctionResponse function) {
    if (!isOurs(function)) {
      throw new StepException("Lambda function " + name + " exists but is not managed by this environment (its tags "
          + "do not say provisioner:env=" + ctx.env() + ", provisioner:step=" + SecretsStep.ID + ", provisioner:key="
          + Names.ROTATION_FUNCTION + "); delete it, or choose another rotation.function.name");
    }
  }

  private Map<String, String> missingTags(Map<String, String> actual) {
    Map<String, String> missing = new LinkedHashMap<>();
    Map<String, String> live = actual == null ? Map.of() : actual;
    ctx.tags().forKey(Names.ROTATION_FUNCTION).forEach((tag, value) -> {
      if (!value.equals(live.get(tag))) {
        missing.put(tag, value);
      }
    });
    return missing;
  }

  private void record(String arn) {
    if (!ctx.checkpoints().get(SecretsStep.FUNCTION_ARN).filter(arn::equals).isPresent()) {
      ctx.checkpoints().put(SecretsStep.FUNCTION_ARN, arn);
    }
  }

  private void warnAboutMissingRequirements(FunctionCode code) {
    List<String> missing = code.missingRequirements();
    if (!missing.isEmpty()) {
      LOG.warn("deploying a rotation package without its dependencies; rotation will fail until they are installed "
              + "[step={}] [function={}] [missing={}] [fix=pip install -r requirements.txt -t . --no-compile in "
              + "src/functions/{}, then up]",
          SecretsStep.ID, name, String.join(",", missing), code.directory());
    }
  }
}
