package io.provisioner.steps.org.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Tag;

/** The shared contract scenario for {@link OrganizationStep} with seed 004's tree, plus specifics. */
class OrganizationStepIT extends StepContractScenario {

  @Override
  protected Step step() {
    return new OrganizationStep(OrgTestSupport.seedTree(harness));
  }

  /** Moves the dev account into the Production OU. */
  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    Map<String, String> cp = harness.checkpointsOf(OrganizationStep.ID);
    String dev = cp.get("account.dev-" + harness.env());
    harness.client(OrganizationsClient.class).moveAccount(r -> r.accountId(dev)
        .sourceParentId(cp.get("ou." + OrgTestSupport.unit(harness, "Development")))
        .destinationParentId(cp.get("ou." + OrgTestSupport.unit(harness, "Production"))));
  }

  @Override
  protected String expectedDriftFragment() {
    return "is in OU " + OrgTestSupport.unit(harness, "Production") + ", expected OU "
        + OrgTestSupport.unit(harness, "Development");
  }

  /** The OUs of this env; the organization and the accounts stay by design. */
  @Override
  protected List<String> leftovers(TestHarness harness) {
    return OrgTestSupport.envUnits(harness);
  }

  @Test
  void create_recordsTheTree_placesAccounts_tagsWhatItCreated_andEnablesTrustedAccess() {
    OrganizationStep step = new OrganizationStep(OrgTestSupport.seedTree(harness));
    harness.create(step);

    Map<String, String> cp = harness.checkpointsOf(OrganizationStep.ID);
    assertThat(cp).containsKeys("organizationId", "organizationArn", "managementAccountId", "rootId");
    assertThat(cp.keySet()).noneMatch(k -> k.startsWith("intent:") || k.startsWith("createAccountRequest."));
    OrganizationsClient org = harness.client(OrganizationsClient.class);
    String security = cp.get("ou." + OrgTestSupport.unit(harness, "Security"));
    for (String account : List.of("security-tooling", "log-archive")) {
      String id = cp.get("account." + account + "-" + harness.env());
      assertThat(org.listParents(r -> r.childId(id)).parents().get(0).id()).as(account).isEqualTo(security);
      Map<String, String> tags = org.listTagsForResource(r -> r.resourceId(id)).tags().stream()
          .collect(Collectors.toMap(Tag::key, Tag::value));
      assertThat(tags).containsEntry(ResourceTags.ENV, harness.env()).containsEntry("ManagedBy", "provisioner");
    }
    Map<String, String> ouTags = org.listTagsForResource(r -> r.resourceId(security)).tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
    assertThat(ouTags).containsEntry(ResourceTags.KEY, "ou/" + OrgTestSupport.unit(harness, "Security"));
    assertThat(org.listAWSServiceAccessForOrganization().enabledServicePrincipals())
        .extracting(p -> p.servicePrincipal()).contains("guardduty.amazonaws.com", "securityhub.amazonaws.com");

    harness.rollback(step);
    assertThat(OrgTestSupport.accountsWithEmail(harness, OrgTestSupport.email(harness, "prod")))
        .as("accounts are never closed by a rollback").hasSize(1)
        .allSatisfy(a -> assertThat(a.statusAsString()).isEqualTo("ACTIVE"));
  }

  @Test
  void verify_whenOuDeletedAndTrustedAccessDisabled_listsBoth() {
    OrganizationSpec spec = new OrganizationSpec("ALL", List.of(
        new OrganizationSpec.Unit(OrgTestSupport.unit(harness, "Security"), "Root"),
        new OrganizationSpec.Unit(OrgTestSupport.unit(harness, "Workloads"), "Root"),
        new OrganizationSpec.Unit(OrgTestSupport.unit(harness, "Sandbox"), OrgTestSupport.unit(harness, "Workloads"))),
        List.of(), List.of("ram.amazonaws.com"));
    OrganizationStep step = new OrganizationStep(spec);
    harness.create(step);
    OrganizationsClient org = harness.client(OrganizationsClient.class);
    String sandbox = harness.checkpointsOf(OrganizationStep.ID).get("ou." + OrgTestSupport.unit(harness, "Sandbox"));
    org.deleteOrganizationalUnit(r -> r.organizationalUnitId(sandbox));
    org.disableAWSServiceAccess(r -> r.servicePrincipal("ram.amazonaws.com"));

    Verification verification = harness.verify(step);

    assertThat(verification.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(verification.differences()).containsExactlyInAnyOrder(
        "OU " + OrgTestSupport.unit(harness, "Sandbox") + " under " + OrgTestSupport.unit(harness, "Workloads")
            + " does not exist",
        "trusted access for ram.amazonaws.com does not exist");

    harness.create(step);
    assertThat(harness.verify(step).isInSync()).isTrue();
    harness.rollback(step);
    assertThat(OrgTestSupport.envUnits(harness)).as("nested OUs are deleted children first").isEmpty();
  }

  @Test
  void rollback_keepsOusThisStepAdoptedButDidNotCreate() {
    OrganizationsClient org = harness.client(OrganizationsClient.class);
    String rootId = org.listRoots().roots().get(0).id();
    String name = OrgTestSupport.unit(harness, "Preexisting");
    String id = org.createOrganizationalUnit(r -> r.parentId(rootId).name(name)).organizationalUnit().id();
    OrganizationStep step = new OrganizationStep(new OrganizationSpec("ALL",
        List.of(new OrganizationSpec.Unit(name, "Root")), List.of(), List.of()));
    try {
      harness.create(step);
      assertThat(harness.checkpointsOf(OrganizationStep.ID)).containsEntry("ou." + name, id);

      harness.rollback(step);

      assertThat(OrgTestSupport.envUnits(harness)).containsExactly(name);
    } finally {
      org.deleteOrganizationalUnit(r -> r.organizationalUnitId(id));
    }
  }

  @Test
  void rollback_keepsTrustedAccessEnabledBeforeThisStep() {
    String principal = "tagpolicies.tag.amazonaws.com";
    OrganizationsClient org = harness.client(OrganizationsClient.class);
    org.enableAWSServiceAccess(r -> r.servicePrincipal(principal));
    OrganizationStep step = new OrganizationStep(new OrganizationSpec("ALL", List.of(), List.of(), List.of(principal)));
    try {
      harness.create(step);
      assertThat(harness.checkpointsOf(OrganizationStep.ID)).as("adopted, not recorded")
          .doesNotContainKey("trustedAccess." + principal);

      harness.rollback(step);

      assertThat(org.listAWSServiceAccessForOrganization().enabledServicePrincipals())
          .extracting(p -> p.servicePrincipal()).contains(principal);
    } finally {
      org.disableAWSServiceAccess(r -> r.servicePrincipal(principal));
    }
  }
}
