package io.provisioner.steps.org.organization;

import io.provisioner.steps.org.organization.OrganizationSpec.Member;
import io.provisioner.steps.org.organization.OrganizationSpec.Unit;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;

/**
 * Seed 004's organization tree for one harness environment. The emulator keeps a single
 * organization that every test adopts, so OU names carry the env as a suffix and every account
 * email is unique to the env.
 */
public final class OrgTestSupport {
  public static final List<String> UNITS = List.of("Security", "Infrastructure", "Development", "Production");

  private OrgTestSupport() {}

  /** The OU name of a seed unit in this env, e.g. {@code Production-it1a2b3c4d}. */
  public static String unit(TestHarness harness, String seedName) {
    return seedName + "-" + harness.env();
  }

  public static String email(TestHarness harness, String account) {
    return "aws-" + account + "-" + harness.env() + "@example.com";
  }

  /** Units only, no accounts: what steps that just need OU ids depend on. */
  public static OrganizationSpec unitsOnly(TestHarness harness) {
    return new OrganizationSpec("ALL", UNITS.stream().map(u -> new Unit(unit(harness, u), "Root")).toList(),
        List.of(), List.of());
  }

  /** Seed 004's tree: four OUs, six accounts, trusted access for the security services. */
  public static OrganizationSpec seedTree(TestHarness harness) {
    return new OrganizationSpec("ALL",
        UNITS.stream().map(u -> new Unit(unit(harness, u), "Root")).toList(),
        List.of(
            member(harness, "security-tooling", "Security"),
            member(harness, "log-archive", "Security"),
            member(harness, "shared-services", "Infrastructure"),
            member(harness, "network", "Infrastructure"),
            member(harness, "dev", "Development"),
            member(harness, "prod", "Production")),
        List.of("guardduty.amazonaws.com", "securityhub.amazonaws.com", "config.amazonaws.com",
            "cloudtrail.amazonaws.com", "ram.amazonaws.com", "backup.amazonaws.com"));
  }

  static Member member(TestHarness harness, String name, String seedUnit) {
    return new Member(name + "-" + harness.env(), email(harness, name), unit(harness, seedUnit), null);
  }

  /** OUs directly under the root whose name ends with this env. */
  public static List<String> envUnits(TestHarness harness) {
    OrganizationsClient org = harness.client(OrganizationsClient.class);
    String rootId = org.listRoots().roots().get(0).id();
    return org.listOrganizationalUnitsForParentPaginator(r -> r.parentId(rootId)).stream()
        .flatMap(p -> p.organizationalUnits().stream())
        .map(OrganizationalUnit::name).filter(n -> n.endsWith("-" + harness.env())).toList();
  }

  /** Accounts of the whole organization with this email. */
  public static List<Account> accountsWithEmail(TestHarness harness, String email) {
    return harness.client(OrganizationsClient.class).listAccountsPaginator().stream()
        .flatMap(p -> p.accounts().stream()).filter(a -> email.equalsIgnoreCase(a.email())).toList();
  }
}
