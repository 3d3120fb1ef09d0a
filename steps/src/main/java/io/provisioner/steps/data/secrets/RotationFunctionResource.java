package io.provisioner.steps.data.secrets;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import io.provisioner.steps.kernel.Await;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.State;

/**
 * The Lambda function that rotates the database secret, {@code <project>-<env>-<name>}: found by
 * its recorded ARN or its name when its {@code provisioner:*} tags say it is ours, created once IAM
 * lets Lambda assume its role, and updated in place: the code when the local package's {@code
 * CodeSha256} differs from the deployed one, its settings, its VPC placement.
 *
 * <p>Lambda accepts one update at a time and reports the outcome later ({@code LastUpdateStatus}),
 * so each update first waits for the function to be idle, then for its own outcome, and fails at
 * once with Lambda's reason when that is a failure (the loop's wait cannot tell a failure from
 * "still updating").
 */
final class RotationFunctionResource implements Resource<GetFunctionResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(RotationFunctionResource.class);
  private static final ErrorCodes ERRORS =
      ErrorCodes.notFound("ResourceNotFoundException").alreadyExists("ResourceConflictException");
  /** IAM may take seconds before Lambda can assume a new role; Lambda says so with this code. */
  private static final String ROLE_NOT_READY = "InvalidParameterValueException";

  private final StepContext ctx;
  private final LambdaClient lambda;
  private final String name;
  private final Supplier<FunctionConfig> desired;

  /** @param desired what it should be; null for a function only to be found and deleted */
  RotationFunctionResource(StepContext ctx, LambdaClient lambda, String name, Supplier<FunctionConfig> desired) {
    this.ctx = ctx;
    this.lambda = lambda;
    this.name = name;
    this.desired = desired;
  }

  /** The function recorded by an earlier run, e.g. before rotation left the profile, to be deleted. */
  static Optional<RotationFunctionResource> recorded(StepContext ctx, LambdaClient lambda) {
    return ctx.checkpoints().get(SecretsStep.FUNCTION_ARN)
        .map(arn -> new RotationFunctionResource(ctx, lambda, arn.substring(arn.lastIndexOf(':') + 1), null));
  }

  static String arn(GetFunctionResponse function) {
    return function.configuration().functionArn();
  }

  @Override
  public String key() {
    return Names.ROTATION_FUNCTION;
  }

  @Override
  public String idKey() {
    return SecretsStep.FUNCTION_ARN;
  }

  @Override
  public String description() {
    return "rotation function " + name;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  /** The recorded function, unless the profile now names another one (a name is fixed at creation). */
  @Override
  public Optional<GetFunctionResponse> read(String arn) {
    return get(arn).filter(f -> name.equals(f.configuration().functionName()));
  }

  @Override
  public Optional<GetFunctionResponse> lookup() {
    return get(name);
  }

  /**
   * Creates it and waits until it is Active. A function of this name that is not ours makes Lambda
   * answer ResourceConflictException, which the loop reports without adopting anything.
   */
  @Override
  public GetFunctionResponse create() {
    FunctionConfig config = desired.get();
    warnAboutMissingRequirements(config);
    whenRoleIsReady("create", () -> lambda.createFunction(b -> b
        .functionName(name)
        .runtime(config.runtime())
        .role(config.roleArn())
        .handler(RotationFunctionSpec.HANDLER)
        .timeout(config.timeoutSeconds())
        .memorySize(config.memoryMb())
        .description(config.description())
        .code(c -> c.zipFile(SdkBytes.fromByteArray(config.code().zip())))
        .vpcConfig(v -> v.subnetIds(config.subnetIds()).securityGroupIds(config.securityGroupIds()))
        .environment(e -> e.variables(config.environment()))
        .tags(ctx.tags().forKey(Names.ROTATION_FUNCTION))));
    return settled(name);
  }

  @Override
  public String id(GetFunctionResponse function) {
    return arn(function);
  }

  @Override
  public List<Setting<GetFunctionResponse>> settings() {
    FunctionConfig config = desired.get();
    String sha = config.code().codeSha256();
    return List.of(
        update(f -> sha.equals(f.codeSha256()) ? List.of() : List.of("deployed code " + f.codeSha256()
                + " differs from src/functions/" + config.code().directory() + " (" + sha + ")"),
            "deploy the code of", arn -> {
              warnAboutMissingRequirements(config);
              lambda.updateFunctionCode(b -> b.functionName(arn).zipFile(SdkBytes.fromByteArray(config.code().zip())));
            }),
        update(config::settingDifferences, "update the configuration of", arn -> lambda.updateFunctionConfiguration(b -> b
            .functionName(arn)
            .runtime(config.runtime())
            .role(config.roleArn())
            .handler(RotationFunctionSpec.HANDLER)
            .timeout(config.timeoutSeconds())
            .memorySize(config.memoryMb())
            .description(config.description())
            .environment(e -> e.variables(config.environment())))),
        update(config::vpcDifferences, "move", arn -> lambda.updateFunctionConfiguration(b -> b.functionName(arn)
            .vpcConfig(v -> v.subnetIds(config.subnetIds()).securityGroupIds(config.securityGroupIds())))),
        Tags.setting(ctx.tags().forKey(Names.ROTATION_FUNCTION), f -> Objects.requireNonNullElse(f.tags(), Map.of()),
            (f, tags) -> lambda.tagResource(b -> b.resource(arn(f)).tags(tags))),
        new Health());
  }

  /** A creation or an update still running; a failed one is a difference ({@link Health}), not pending. */
  @Override
  public Optional<String> pending(GetFunctionResponse function) {
    FunctionConfiguration config = function.configuration();
    if (config.state() == State.PENDING) {
      return Optional.of("state is Pending");
    }
    return config.lastUpdateStatus() == LastUpdateStatus.IN_PROGRESS
        ? Optional.of("an update is in progress") : Optional.empty();
  }

  @Override
  public void delete(GetFunctionResponse function) {
    lambda.deleteFunction(b -> b.functionName(arn(function)));
  }

  /** What went wrong with the function, as Lambda says it; Inactive (an idle VPC function) is normal. */
  static Optional<String> failure(FunctionConfiguration config) {
    if (config.state() == State.FAILED) {
      return Optional.of("state is Failed" + reason(config.stateReason()));
    }
    return config.lastUpdateStatus() == LastUpdateStatus.FAILED
        ? Optional.of("its last update failed" + reason(config.lastUpdateStatusReason())) : Optional.empty();
  }

  // ---------------------------------------------------------------- helpers

  /** The function of this name or ARN when it is ours; empty when there is none. */
  private Optional<GetFunctionResponse> get(String nameOrArn) {
    try {
      return Optional.of(lambda.getFunction(b -> b.functionName(nameOrArn)))
          .filter(f -> ctx.tags().matches(Objects.requireNonNullElse(f.tags(), Map.of()), Names.ROTATION_FUNCTION));
    } catch (LambdaException e) {
      if (ERRORS.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** A setting of the function changed by one update call, made when the function is idle and awaited. */
  private Setting<GetFunctionResponse> update(Function<FunctionConfiguration, List<String>> differences, String what,
      Consumer<String> call) {
    return new Setting<>() {
      @Override
      public List<String> differences(GetFunctionResponse function) {
        return differences.apply(function.configuration());
      }

      @Override
      public void apply(GetFunctionResponse function) {
        String arn = arn(function);
        idle(arn);
        whenRoleIsReady(what, () -> {
          call.accept(arn);
          return null;
        });
        settled(arn);
      }
    };
  }

  /** Its state: nothing to do when the updates before it repaired it, else it fails with what to do. */
  private final class Health implements Setting<GetFunctionResponse> {
    @Override
    public List<String> differences(GetFunctionResponse function) {
      return failure(function.configuration()).stream().toList();
    }

    @Override
    public void apply(GetFunctionResponse function) {
      settled(arn(function));
    }
  }

  /**
   * A create or update naming the execution role, repeated while Lambda answers that it cannot use
   * the role yet (IAM propagation, within the waits); any other invalid parameter fails at once.
   */
  private <T> T whenRoleIsReady(String what, Supplier<T> call) {
    return Transient.retry(ctx.waits(), what + " " + description(), Set.of(ROLE_NOT_READY), () -> {
      try {
        return call.get();
      } catch (LambdaException e) {
        if (AwsErrors.hasCode(e, ROLE_NOT_READY) && !AwsErrors.isLambdaRoleNotReady(e)) {
          throw new StepException("Lambda refused to " + what + " " + description() + ": " + e.getMessage(), e);
        }
        throw e;
      }
    });
  }

  /** Waits until no creation or update is running, so the next update is accepted. */
  private GetFunctionResponse idle(String arn) {
    return Await.until(ctx.waits(), description() + " to finish its creation or update",
        () -> lambda.getFunction(b -> b.functionName(arn)), f -> pending(f).isEmpty());
  }

  /** As {@link #idle}, then fails with Lambda's reason when the creation or last update failed. */
  private GetFunctionResponse settled(String arn) {
    GetFunctionResponse function = idle(arn);
    failure(function.configuration()).ifPresent(reason -> {
      throw new StepException(description() + ": " + reason + "; fix the cause and run 'up' again, or run 'rollback "
          + "--to " + SecretsStep.ID + "' and 'up' to create it anew");
    });
    return function;
  }

  private void warnAboutMissingRequirements(FunctionConfig config) {
    List<String> missing = config.code().missingRequirements();
    if (!missing.isEmpty()) {
      LOG.warn("deploying a rotation package without its dependencies; rotation will fail until they are installed "
              + "[step={}] [function={}] [missing={}] [fix=pip install -r requirements.txt -t . --no-compile in "
              + "src/functions/{}, then up]",
          SecretsStep.ID, name, String.join(",", missing), config.code().directory());
    }
  }

  private static String reason(String text) {
    return text == null ? "" : " (" + text + ")";
  }
}
