package io.provisioner.steps.security.iam;

import io.provisioner.steps.support.PolicyJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.Verification;
import io.provisioner.steps.support.PolicyDocument;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

/** Convergence paths the contract scenario does not reach: managed attachments and policy versions. */
@ExtendWith(EmulatorExtension.class)
class IamConvergeIT {
  private static final String RDS_MONITORING_POLICY =
      "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

  private TestHarness harness;
  private IamClient iam;
  private IamSpec spec;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    iam = harness.client(IamClient.class);
    spec = IamSpecs.forEmulator(iam);
  }

  @AfterEach
  void cleanUp() {
    harness.rollback(new IamStep(spec));
    assertThat(IamStepIT.leftoversOf(harness)).isEmpty();
    harness.close();
  }

  @Test
  void verify_whenManagedPolicyDetachedBehindItsBack_reportsItAndCreateReattachesIt() {
    IamStep step = new IamStep(spec);
    harness.create(step);
    String role = IamStepIT.prefix(harness) + "rds-monitoring";

    iam.detachRolePolicy(r -> r.roleName(role).policyArn(RDS_MONITORING_POLICY));

    Verification drift = harness.verify(step);
    assertThat(drift.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(drift.differences())
        .containsExactly("role " + role + ": managed policy " + RDS_MONITORING_POLICY + " is not attached");
    harness.create(step);
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_whenMfaDocumentChangedAndFiveVersionsExist_replacesTheOldestAndPublishesADefault() {
    harness.create(new IamStep(spec));
    String arn = harness.checkpointsOf(IamStep.ID).get("policy.require-mfa.arn");
    String oldDocument = iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion().document();
    for (int i = 0; i < 4; i++) {
      iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(PolicyJson.write(PolicyJson.parse(oldDocument)))
          .setAsDefault(false));
    }
    IamSpec changed = withMfaDocument(spec, spec.mfa().policy().document().replace(
        "\"iam:GetAccountPasswordPolicy\",", ""));
    IamStep step = new IamStep(changed);

    assertThat(harness.verify(step).differences()).anyMatch(d -> d.contains("require-mfa: document"));
    harness.create(step);

    List<PolicyVersion> versions = iam.listPolicyVersions(r -> r.policyArn(arn)).versions();
    assertThat(versions).hasSize(5).extracting(PolicyVersion::versionId).doesNotContain("v2");
    assertThat(harness.verify(step).isInSync()).isTrue();
    spec = changed;
  }

  @Test
  void create_whenARoleAndTheMfaPolicyLeftTheSpec_verifyNamesThemAndCreateDeletesThem() {
    harness.create(new IamStep(spec));
    String prefix = IamStepIT.prefix(harness);
    assertThat(harness.published(IamStep.OUTPUTS).orElseThrow().roleArns()).containsKey("s3-replication")
        .hasSize(spec.roles().size());
    IamSpec smaller = new IamSpec(spec.path(),
        spec.roles().stream().filter(r -> !r.name().equals("s3-replication")).toList(), spec.instanceProfile(),
        new IamSpec.Mfa(spec.mfa().group(), IamSpecs.policy("require-mfa-v2", "iam/require-mfa.json")));
    IamStep step = new IamStep(smaller);

    assertThat(harness.verify(step).differences()).contains(
        "role " + prefix + "s3-replication is no longer in the spec",
        "policy " + prefix + "require-mfa is no longer in the spec",
        "policy " + prefix + "require-mfa-v2 does not exist");
    harness.create(step);

    assertThat(harness.verify(step).isInSync()).isTrue();
    assertThat(IamStepIT.leftoversOf(harness)).doesNotContain("role " + prefix + "s3-replication",
        "policy " + prefix + "require-mfa").contains("policy " + prefix + "require-mfa-v2");
    assertThat(harness.checkpointsOf(IamStep.ID)).doesNotContainKeys("role.s3-replication.arn",
        "policy.require-mfa.arn").containsKey("policy.require-mfa-v2.arn");
    IamOutputs outputs = harness.published(IamStep.OUTPUTS).orElseThrow();
    assertThat(outputs.roleArns()).doesNotContainKey("s3-replication").hasSize(smaller.roles().size());
    assertThat(outputs.instanceProfileArn()).endsWith(":instance-profile/provisioner/" + prefix + "app-server");
    spec = smaller;
  }

  private static IamSpec withMfaDocument(IamSpec spec, String document) {
    PolicyDocument old = spec.mfa().policy();
    return new IamSpec(spec.path(), spec.roles(), spec.instanceProfile(),
        new IamSpec.Mfa(spec.mfa().group(), new PolicyDocument(old.name(), old.file(), document)));
  }
}
