package io.provisioner.steps.security.iam;

import io.provisioner.steps.Step;
import io.provisioner.steps.RoleRef;
import java.util.List;
import java.util.stream.Collectors;
import io.provisioner.steps.StepDefinition;

/** Registers {@code security.iam} (service roles, instance profile, MFA policy) under the profile section {@code security.iam}. */
public final class IamDefinition implements StepDefinition<IamSpec> {

  @Override
  public String id() {
    return IamStep.ID;
  }

  @Override
  public String section() {
    return "security.iam";
  }

  @Override
  public Class<IamSpec> specType() {
    return IamSpec.class;
  }

  @Override
  public java.util.Optional<io.provisioner.steps.OutputRef<?>> outputs() {
    return java.util.Optional.of(IamStep.OUTPUTS);
  }

  @Override
  public Step step(IamSpec spec) {
    return new IamStep(spec);
  }

  /** Other sections name these roles by their logical names. */
  @Override
  public List<DefinedNames> names(IamSpec spec) {
    return List.of(new DefinedNames(RoleRef.KIND, "roles",
        spec.roles().stream().map(IamSpec.Role::name).collect(Collectors.toSet())));
  }
}
