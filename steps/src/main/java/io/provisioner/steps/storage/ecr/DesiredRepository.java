package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.RoleRef;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.security.iam.IamOutputs;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The repository as the spec and the upstream outputs want it: KMS key, tag mutability, lifecycle
 * policy and repository policy (with role names resolved to ARNs). Scanning on push is always on
 * (seed 000).
 *
 * @param kmsKeyArn the key of {@code security.kms} the repository is encrypted with
 * @param immutableTags IMMUTABLE when true, MUTABLE otherwise
 * @param lifecycle the lifecycle policy
 * @param policy the repository policy; empty when the spec names no principal
 */
record DesiredRepository(
    String kmsKeyArn,
    boolean immutableTags,
    LifecyclePolicy lifecycle,
    Optional<RepositoryPolicy> policy) {

  DesiredRepository {
    Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
    Objects.requireNonNull(lifecycle, "lifecycle");
    Objects.requireNonNull(policy, "policy");
  }

  /** Resolves the spec against the outputs of {@code security.kms} and, when roles are named, {@code security.iam}. */
  static DesiredRepository resolve(StepContext ctx, EcrSpec spec) {
    String keyArn = ctx.read(KmsStep.OUTPUTS).keyArn();
    Optional<RepositoryPolicy> policy;
    if (!EcrStep.namesRoles(spec)) {
      policy = RepositoryPolicy.of(List.of(), List.of(), spec.lambdaServicePull());
    } else {
      IamOutputs iam = ctx.read(IamStep.OUTPUTS);
      policy = RepositoryPolicy.of(roleArns(iam, spec.pullPrincipals(), "pullPrincipals"),
          roleArns(iam, spec.pushPrincipals(), "pushPrincipals"), spec.lambdaServicePull());
    }
    return new DesiredRepository(keyArn, spec.immutableTags(), LifecyclePolicy.of(spec), policy);
  }

  /**
   * The ARNs {@code security.iam} published for these roles, in spec order.
   *
   * @throws StepException naming the spec field and the role when one was not published
   */
  static List<String> roleArns(IamOutputs iam, List<RoleRef> roles, String field) {
    return roles.stream().map(role -> {
      String arn = iam.roleArns().get(role.name());
      if (arn == null) {
        throw new StepException("storage.ecr " + field + " names role '" + role + "', but " + IamStep.ID
            + " has published no such role (it has " + iam.roleArns().keySet() + "): add the role to "
            + "security.iam roles or remove it from " + field + "; if it is there already, run 'up' so "
            + IamStep.ID + " completes");
      }
      return arn;
    }).toList();
  }
}
