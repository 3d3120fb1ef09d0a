package io.provisioner.steps.security.iam;

import io.provisioner.steps.support.PolicyDocument;
import io.provisioner.steps.spec.SpecCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Service roles, the EC2 instance profile and the MFA-enforcement policy (seed 000 §IAM, seed 004
 * Layer 1). Physical names are {@code <project>-<env>-<name>} so environments sharing an account
 * never collide.
 *
 * @param path IAM path for everything this step creates, e.g. {@code /provisioner/}
 * @param roles the service roles
 * @param instanceProfile the EC2 instance profile and the role it carries
 * @param mfa the MFA-enforcement managed policy and the group it is attached to
 */
public record IamSpec(String path, List<Role> roles, InstanceProfile instanceProfile, Mfa mfa) {

  public IamSpec {
    roles = roles == null ? List.of() : List.copyOf(roles);
    SpecCheck check = SpecCheck.of()
        .require(path != null && path.matches("/([A-Za-z0-9+=,.@_-]+/)*"), "path",
            "must start and end with / (e.g. /provisioner/)")
        .notEmpty(roles, "roles")
        .notNull(instanceProfile, "instanceProfile")
        .notNull(mfa, "mfa");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < roles.size(); i++) {
      check.require(names.add(roles.get(i).name()), "roles[" + i + "].name",
          "duplicate role name " + roles.get(i).name());
    }
    if (instanceProfile != null) {
      check.require(names.contains(instanceProfile.role()), "instanceProfile.role",
          "names no role of roles[]: " + instanceProfile.role());
    }
    check.done();
  }

  /**
   * One service role.
   *
   * @param name logical name, e.g. {@code ecs-task-execution}
   * @param description what the role is for
   * @param trustedServices service principals allowed to assume the role
   * @param managedPolicyArns AWS managed policies to attach ({@code ${partition}} allowed)
   * @param inlinePolicies inline policies read from {@code src/policies/}
   */
  public record Role(
      String name,
      String description,
      List<String> trustedServices,
      List<String> managedPolicyArns,
      List<PolicyDocument> inlinePolicies) {
    public Role {
      trustedServices = trustedServices == null ? List.of() : List.copyOf(trustedServices);
      managedPolicyArns = managedPolicyArns == null ? List.of() : List.copyOf(managedPolicyArns);
      inlinePolicies = inlinePolicies == null ? List.of() : List.copyOf(inlinePolicies);
      SpecCheck.of()
          .require(name != null && name.matches("[a-z0-9-]{1,40}"), "name",
              "must be 1-40 lowercase letters, digits or -")
          .notBlank(description, "description")
          .notEmpty(trustedServices, "trustedServices")
          .require(trustedServices.stream().allMatch(s -> s.matches("[a-z0-9.-]+\\.amazonaws\\.com")),
              "trustedServices", "each entry must be a service principal like ecs-tasks.amazonaws.com")
          .require(managedPolicyArns.stream().allMatch(a -> a.startsWith("arn:")),
              "managedPolicyArns", "each entry must be a policy ARN")
          .done();
    }
  }

  /**
   * @param name logical name of the instance profile, e.g. {@code app-server}
   * @param role logical name of the role it carries (one of {@link IamSpec#roles()})
   */
  public record InstanceProfile(String name, String role) {
    public InstanceProfile {
      SpecCheck.of()
          .require(name != null && name.matches("[a-z0-9-]{1,40}"), "name",
              "must be 1-40 lowercase letters, digits or -")
          .notBlank(role, "role")
          .done();
    }
  }

  /**
   * @param group logical name of the IAM group whose members must use MFA, e.g. {@code humans}
   * @param policy the MFA-enforcement policy document (seed 004 require-mfa.json)
   */
  public record Mfa(String group, PolicyDocument policy) {
    public Mfa {
      SpecCheck.of()
          .require(group != null && group.matches("[a-z0-9-]{1,40}"), "group",
              "must be 1-40 lowercase letters, digits or -")
          .notNull(policy, "policy")
          .done();
    }
  }
}
