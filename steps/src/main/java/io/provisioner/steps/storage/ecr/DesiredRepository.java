package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.Outputs;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The repository as the spec and the upstream outputs want it: name, KMS key, tag mutability,
 * lifecycle policy and repository policy (with role names resolved to ARNs). Scanning on push is
 * always on (seed 000).
 *
 * @param name the repository name, {@code <project>/<env>}
 * @param kmsKeyArn the key of {@code security.kms} the repository is encrypted with
 * @param immutableTags IMMUTABLE when true, MUTABLE otherwise
 * @param lifecycle the lifecycle policy
 * @param policy the repository policy; empty when the spec names no principal
 */
record DesiredRepository(
    String name,
    String kmsKeyArn,
    boolean immutableTags,
    LifecyclePolicy lifecycle,
    Optional<RepositoryPolicy> policy) {

  static final String KMS_STEP = "security.kms";
  static final String IAM_STEP = "security.iam";

  DesiredRepository {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
    Objects.requireNonNull(lifecycle, "lifecycle");
    Objects.requireNonNull(policy, "policy");
  }

  /** Resolves the spec against the context: name from project and env, key and role ARNs from the outputs. */
  static DesiredRepository resolve(StepContext ctx, EcrSpec spec) {
    String name = RepositoryName.of(ctx.project(), ctx.env());
    String keyArn = ctx.outputsOf(KMS_STEP).require("keyArn");
    Optional<RepositoryPolicy> policy;
    if (spec.pullPrincipals().isEmpty() && spec.pushPrincipals().isEmpty()) {
      policy = RepositoryPolicy.of(List.of(), List.of(), spec.lambdaServicePull());
    } else {
      Outputs iam = ctx.outputsOf(IAM_STEP);
      policy = RepositoryPolicy.of(roleArns(iam, names(spec.pullPrincipals()), "pullPrincipals"),
          roleArns(iam, names(spec.pushPrincipals()), "pushPrincipals"), spec.lambdaServicePull());
    }
    return new DesiredRepository(name, keyArn, spec.immutableTags(), LifecyclePolicy.of(spec), policy);
  }

  /**
   * The ARNs {@code security.iam} recorded for these logical role names ({@code role.<name>.arn}).
   *
   * @throws StepException naming the spec field and the role when one was never recorded
   */
  private static List<String> names(List<io.provisioner.steps.RoleRef> roles) {
    return roles.stream().map(io.provisioner.steps.RoleRef::name).toList();
  }

  static List<String> roleArns(Outputs iam, List<String> logicalNames, String field) {
    List<String> arns = new ArrayList<>();
    for (String logical : logicalNames) {
      String key = "role." + logical + ".arn";
      arns.add(iam.get(key).orElseThrow(() -> new StepException(
          "storage.ecr " + field + " names role '" + logical + "', but step " + iam.stepId()
              + " has no output " + key + ": add the role to security.iam roles or remove it from "
              + field + "; if it is there already, run 'up' so " + iam.stepId() + " completes")));
    }
    return arns;
  }
}
