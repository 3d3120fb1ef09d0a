package io.provisioner.steps.org.scp;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.steps.Step;
import io.provisioner.steps.Verification;
import io.provisioner.steps.org.organization.OrgTestSupport;
import io.provisioner.steps.org.organization.OrganizationStep;
import io.provisioner.steps.org.scp.ScpSpec.Policy;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/** The shared contract scenario for {@link ScpStep} on OUs made by {@link OrganizationStep}, plus specifics. */
class ScpStepIT extends StepContractScenario {

  private OrganizationStep organization;

  @Override
  protected void prepare(TestHarness harness) {
    organization = new OrganizationStep(OrgTestSupport.unitsOnly(harness));
    harness.create(organization);
  }

  @AfterEach
  void removeOrganizationUnits() {
    harness.rollback(organization);
  }

  @Override
  protected Step step() {
    return new ScpStep(ScpTestSupport.seedPolicies(harness));
  }

  /** Detaches the region-deny policy from the Production OU. */
  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    String policyId = harness.checkpointsOf(ScpStep.ID).get("policy.region-deny");
    String production = harness.checkpointsOf(OrganizationStep.ID).get("ou." + OrgTestSupport.unit(harness, "Production"));
    harness.client(OrganizationsClient.class).detachPolicy(r -> r.policyId(policyId).targetId(production));
  }

  @Override
  protected String expectedDriftFragment() {
    return "region-deny: not attached to OU " + OrgTestSupport.unit(harness, "Production");
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    return policiesOfThisEnv();
  }

  private List<String> policiesOfThisEnv() {
    return harness.client(OrganizationsClient.class)
        .listPoliciesPaginator(r -> r.filter(PolicyType.SERVICE_CONTROL_POLICY)).stream()
        .flatMap(p -> p.policies().stream())
        .filter(p -> p.name().startsWith("provisioner-" + harness.env() + "-"))
        .map(p -> p.name() + " (" + p.id() + ")").toList();
  }

  @Test
  void create_rendersTheRegionsAndBreakGlassRole_andAttachesToTheNamedOus() {
    ScpStep step = new ScpStep(ScpTestSupport.seedPolicies(harness));
    harness.create(step);

    OrganizationsClient org = harness.client(OrganizationsClient.class);
    Map<String, String> cp = harness.checkpointsOf(ScpStep.ID);
    String content = org.describePolicy(r -> r.policyId(cp.get("policy.region-deny"))).policy().content();
    assertThat(content)
        .contains("\"aws:RequestedRegion\":[\"us-east-1\",\"us-west-2\",\"eu-west-1\",\"eu-central-1\"]")
        .contains("arn:aws:iam::*:role/OrganizationAccountAccessRole")
        .contains("\"NotAction\"")
        .doesNotContain("${");
    List<String> s3Targets = org.listTargetsForPolicy(r -> r.policyId(cp.get("policy.require-s3-encryption")))
        .targets().stream().map(t -> t.name()).toList();
    assertThat(s3Targets).containsExactlyInAnyOrder(
        OrgTestSupport.unit(harness, "Production"), OrgTestSupport.unit(harness, "Development"));

    harness.rollback(step);
  }

  @Test
  void create_whenContentEditedAndTargetDropped_updatesAndDetaches() {
    ScpSpec spec = ScpTestSupport.seedPolicies(harness);
    ScpStep step = new ScpStep(spec);
    harness.create(step);
    String policyId = harness.checkpointsOf(ScpStep.ID).get("policy.require-s3-encryption");
    OrganizationsClient org = harness.client(OrganizationsClient.class);
    org.updatePolicy(r -> r.policyId(policyId).content("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
    assertThat(harness.verify(step).differences()).anyMatch(d -> d.contains("require-s3-encryption: content differs"));

    Policy s3 = spec.policies().get(2);
    ScpSpec productionOnly = new ScpSpec(spec.allowedRegions(), spec.breakGlassRoles(), List.of(spec.policies().get(0),
        spec.policies().get(1),
        new Policy(s3.name(), s3.description(), s3.document(), List.of(OrgTestSupport.unit(harness, "Production")))));
    ScpStep changed = new ScpStep(productionOnly);
    harness.create(changed);

    assertThat(harness.verify(changed).isInSync()).isTrue();
    assertThat(org.listTargetsForPolicy(r -> r.policyId(policyId)).targets()).extracting(t -> t.name())
        .containsExactly(OrgTestSupport.unit(harness, "Production"));
    harness.rollback(changed);
    assertThat(harness.verify(changed).status()).isEqualTo(Verification.Status.MISSING);
  }
}
