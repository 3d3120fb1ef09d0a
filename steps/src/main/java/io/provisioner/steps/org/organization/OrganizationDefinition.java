package io.provisioner.steps.org.organization;

import io.provisioner.steps.BasicDefinition;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Registers {@code org.organization} (the AWS Organization, its OUs and member accounts) under the profile section {@code organization}. */
public final class OrganizationDefinition extends BasicDefinition<OrganizationSpec> {

  public OrganizationDefinition() {
    super(OrganizationStep.ID, "organization", OrganizationSpec.class, OrganizationStep::new, OrganizationStep.OUTPUTS);
  }

  /** Member accounts and the profile's accounts must agree: one is created for the other to be reached. */
  @Override
  public List<Problem> check(OrganizationSpec spec, ProfileView profile) {
    List<Problem> problems = new ArrayList<>();
    Set<String> members = new HashSet<>();
    spec.accounts().forEach(m -> members.add(m.name()));
    profile.accounts().forEach((name, account) -> {
      if (!account.hasId() && account.reachedByRole() && !members.contains(name)) {
        problems.add(new Problem("accounts." + name, "has no id and is not created by organization.accounts; "
            + "give its id or add it to organization.accounts"));
      }
    });
    members.stream().sorted().forEach(m -> {
      if (!profile.accounts().containsKey(m)) {
        problems.add(new Problem("organization.accounts", "member '" + m + "' is missing from accounts (add it with "
            + "role OrganizationAccountAccessRole so steps can be placed in it)"));
      }
    });
    return problems;
  }
}
