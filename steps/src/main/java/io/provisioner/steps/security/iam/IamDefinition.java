package io.provisioner.steps.security.iam;

import io.provisioner.steps.BasicDefinition;
import io.provisioner.steps.RoleRef;
import io.provisioner.steps.StepDefinition.DefinedNames;
import java.util.List;
import java.util.stream.Collectors;

/** Registers {@code security.iam} (service roles, instance profile, MFA policy) under the profile section {@code security.iam}. */
public final class IamDefinition extends BasicDefinition<IamSpec> {

  public IamDefinition() {
    super(IamStep.ID, "security.iam", IamSpec.class, IamStep::new, IamStep.OUTPUTS);
  }

  /** Other sections name these roles by their logical names. */
  @Override
  public List<DefinedNames> names(IamSpec spec) {
    return List.of(new DefinedNames(RoleRef.KIND, "roles",
        spec.roles().stream().map(IamSpec.Role::name).collect(Collectors.toSet())));
  }
}
