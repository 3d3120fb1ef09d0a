package io.provisioner.steps.org.scp;

import io.provisioner.steps.support.PolicyDocument;
import io.provisioner.steps.spec.SpecCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The service control policies of seed 004 ("Service Control Policies (SCPs)") and where they are
 * attached.
 *
 * @param allowedRegions regions the region-deny policy leaves open, filled into {@code
 *     ["${allowedRegions}"]} of a document
 * @param breakGlassRoles role names exempt from the deny statements (any account), filled into
 *     {@code ["${breakGlassRoleArns}"]} as {@code arn:<partition>:iam::*:role/<name>}; default
 *     {@code [OrganizationAccountAccessRole]}, the role the management account (and this tool) uses
 *     to reach member accounts
 * @param policies the policies; each is named {@code <project>-<env>-<name>} in Organizations
 */
public record ScpSpec(List<String> allowedRegions, List<String> breakGlassRoles, List<Policy> policies) {

  /** The target name that means the organization's root. */
  public static final String ROOT = "Root";

  /**
   * @param name short name, e.g. {@code region-deny}
   * @param description what the policy is for, kept on the policy in Organizations
   * @param document the JSON document (from {@code src/policies/scp/})
   * @param targets names of OUs from {@code org.organization} ({@code Root} for the root)
   */
  public record Policy(String name, String description, PolicyDocument document, List<String> targets) {
    public Policy {
      targets = targets == null ? List.of() : List.copyOf(targets);
      description = description == null ? "" : description;
      SpecCheck.of()
          .require(name != null && name.matches("[A-Za-z0-9_-]{1,64}"), "name", "must be 1-64 letters, digits, _ or -")
          .require(description.length() <= 512, "description", "must be at most 512 characters")
          .notNull(document, "document")
          .notEmpty(targets, "targets")
          .require(targets.stream().allMatch(t -> t != null && !t.isBlank()), "targets", "entries must not be blank")
          .require(new HashSet<>(targets).size() == targets.size(), "targets", "lists an OU twice")
          .done();
    }
  }

  public ScpSpec {
    allowedRegions = allowedRegions == null ? List.of() : List.copyOf(allowedRegions);
    breakGlassRoles = breakGlassRoles == null || breakGlassRoles.isEmpty()
        ? List.of("OrganizationAccountAccessRole") : List.copyOf(breakGlassRoles);
    policies = policies == null ? List.of() : List.copyOf(policies);
    SpecCheck check = SpecCheck.of()
        .notEmpty(allowedRegions, "allowedRegions")
        .require(allowedRegions.stream().allMatch(r -> r != null && r.matches("[a-z]{2}(-[a-z]+)+-\\d+")),
            "allowedRegions", "entries must be region codes like eu-west-1")
        .require(breakGlassRoles.stream().allMatch(r -> r != null && r.matches("[\\w+=,.@*/-]{1,64}")),
            "breakGlassRoles", "entries must be IAM role names (wildcards * allowed)");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < policies.size(); i++) {
      Policy p = policies.get(i);
      check.notNull(p, "policies[" + i + "]");
      if (p != null) {
        check.require(names.add(p.name()), "policies[" + i + "].name", "'" + p.name() + "' is listed twice");
      }
    }
    check.done();
  }
}
