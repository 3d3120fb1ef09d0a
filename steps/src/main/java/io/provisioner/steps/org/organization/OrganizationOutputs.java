package io.provisioner.steps.org.organization;

import io.provisioner.steps.AccountDirectory;
import io.provisioner.steps.StepException;
import java.util.Map;

/**
 * What {@code org.organization} publishes.
 *
 * @param organizationId e.g. {@code o-abc123}
 * @param organizationArn the organization's ARN (the principal of organization-wide shares)
 * @param rootId the root's id, e.g. {@code r-ab12}
 * @param managementAccountId the 12-digit id of the management account
 * @param organizationalUnits OU name to OU id
 * @param accounts member account name to its 12-digit id
 */
public record OrganizationOutputs(String organizationId, String organizationArn, String rootId,
    String managementAccountId, Map<String, String> organizationalUnits, Map<String, String> accounts)
    implements AccountDirectory {

  public OrganizationOutputs {
    organizationalUnits = Map.copyOf(organizationalUnits);
    accounts = Map.copyOf(accounts);
  }

  /** The id of an OU of the spec. */
  public String ouId(String name) {
    String id = organizationalUnits.get(name);
    if (id == null) {
      throw new StepException("org.organization has published no OU named " + name + "; known are "
          + organizationalUnits.keySet());
    }
    return id;
  }

  @Override
  public Map<String, String> accountIds() {
    return accounts;
  }
}
