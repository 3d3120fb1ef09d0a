package io.provisioner.steps.security.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.spec.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IamSpecTest {

  private static IamSpec.Role role(String name) {
    return new IamSpec.Role(name, "a role", List.of("ec2.amazonaws.com"), List.of(), List.of());
  }

  @Test
  void production_isValid() {
    IamSpec spec = IamSpecs.production();
    assertThat(spec.roles()).extracting(IamSpec.Role::name).containsExactly("ecs-task-execution", "ecs-task",
        "lambda-execution", "rds-monitoring", "backup", "flow-logs", "config", "s3-replication", "app-server");
  }

  @Test
  void construct_whenDuplicateRoleAndUnknownProfileRole_reportsBothAtOnce() {
    InvalidSpecException e = catchThrowableOfType(() -> new IamSpec("/provisioner/",
            List.of(role("app"), role("app")),
            new IamSpec.InstanceProfile("web", "no-such-role"),
            new IamSpec.Mfa("humans", IamSpecs.policy("require-mfa", "iam/require-mfa.json"))),
        InvalidSpecException.class);

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("roles[1].name", "instanceProfile.role");
    assertThat(e.getMessage()).contains("duplicate role name app").contains("no-such-role");
  }

  @Test
  void construct_whenPathAndRolesAreWrong_reportsEveryProblem() {
    InvalidSpecException e = catchThrowableOfType(() -> new IamSpec("no-slashes", List.of(), null, null),
        InvalidSpecException.class);

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .contains("path", "roles", "instanceProfile", "mfa");
  }

  @Test
  void role_whenTrustedServiceIsNotAServicePrincipal_isRejected() {
    InvalidSpecException e = catchThrowableOfType(() -> new IamSpec.Role("x", "d",
        List.of("arn:aws:iam::1:root"), List.of("not-an-arn"), List.of()), InvalidSpecException.class);

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("trustedServices", "managedPolicyArns");
  }
}
