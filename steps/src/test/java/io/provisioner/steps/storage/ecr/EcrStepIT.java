package io.provisioner.steps.storage.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.support.PolicyJson;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import static io.provisioner.steps.storage.ecr.EcrTestSupport.roles;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.Tag;

/** The shared contract scenario for {@link EcrStep} (drift: scan on push turned off), plus ECR specifics. */
class EcrStepIT extends StepContractScenario {

  private EcrTestSupport upstream;

  @Override
  protected void prepare(TestHarness harness) {
    upstream = EcrTestSupport.create(harness);
  }

  @AfterEach
  void cleanUp() {
    EcrTestSupport.deleteRepository(harness);
    upstream.close();
  }

  private static EcrSpec spec() {
    return new EcrSpec(true, 14, 100, roles("ecs-task-execution", "lambda-execution"), roles("ci"), false);
  }

  @Override
  protected Step step() {
    return new EcrStep(spec());
  }

  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    harness.client(EcrClient.class).putImageScanningConfiguration(b -> b
        .repositoryName(EcrTestSupport.repositoryName(harness)).imageScanningConfiguration(s -> s.scanOnPush(false)));
  }

  @Override
  protected String expectedDriftFragment() {
    return "scan on push is false, expected true";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    return EcrTestSupport.repository(harness).map(r -> List.of("repository " + r.repositoryName())).orElse(List.of());
  }

  @Test
  void create_makesTheRepositoryWithEverySetting_andRecordsItsOutputs() {
    EcrStep step = new EcrStep(spec());
    harness.create(step);

    Repository repo = EcrTestSupport.repository(harness).orElseThrow();
    assertThat(repo.imageScanningConfiguration().scanOnPush()).isTrue();
    assertThat(repo.imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
    assertThat(repo.encryptionConfiguration().encryptionType()).isEqualTo(EncryptionType.KMS);
    assertThat(repo.encryptionConfiguration().kmsKey()).isEqualTo(upstream.keyArn());
    assertThat(harness.checkpointsOf(EcrStep.ID))
        .containsEntry("repository.name", "provisioner/" + harness.env())
        .containsEntry("repository.arn", repo.repositoryArn())
        .containsEntry("repository.uri", repo.repositoryUri());
    assertThat(repo.repositoryUri()).endsWith("/provisioner/" + harness.env());
    assertThat(harness.published(EcrStep.OUTPUTS)).contains(
        new EcrOutputs(repo.repositoryName(), repo.repositoryArn(), repo.repositoryUri()));

    EcrClient ecr = harness.client(EcrClient.class);
    Map<String, String> tags = ecr.listTagsForResource(b -> b.resourceArn(repo.repositoryArn())).tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
    assertThat(tags).containsEntry(ResourceTags.ENV, harness.env()).containsEntry(ResourceTags.STEP, EcrStep.ID)
        .containsEntry(ResourceTags.KEY, "repository").containsEntry("ManagedBy", "provisioner");

    String lifecycle = ecr.getLifecyclePolicy(b -> b.repositoryName(repo.repositoryName())).lifecyclePolicyText();
    assertThat(PolicyJson.same(lifecycle, new LifecyclePolicy(14, 100).json())).isTrue();

    String policy = ecr.getRepositoryPolicy(b -> b.repositoryName(repo.repositoryName())).policyText();
    assertThat(policy).contains(upstream.roleArn("ecs-task-execution"), upstream.roleArn("lambda-execution"),
        upstream.roleArn("ci"), "ecr:PutImage");
    harness.rollback(step);
  }

  @Test
  void verify_whenMutabilityLifecycleAndPolicyChangedByHand_namesEachDifference_andCreateRepairsThem() {
    EcrStep step = new EcrStep(spec());
    harness.create(step);
    String name = EcrTestSupport.repositoryName(harness);
    EcrClient ecr = harness.client(EcrClient.class);
    ecr.putImageTagMutability(b -> b.repositoryName(name).imageTagMutability(ImageTagMutability.MUTABLE));
    ecr.putLifecyclePolicy(b -> b.repositoryName(name).lifecyclePolicyText(new LifecyclePolicy(14, 5).json()));
    ecr.setRepositoryPolicy(b -> b.repositoryName(name).policyText(
        RepositoryPolicy.of(List.of(upstream.roleArn("ecs-task-execution")), List.of(), false).orElseThrow().json()));
    ecr.untagResource(b -> b.resourceArn(harness.checkpointsOf(EcrStep.ID).get("repository.arn")).tagKeys("Team"));

    Verification drift = harness.verify(step);

    assertThat(drift.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(String.join("\n", drift.differences()))
        .contains("tag mutability is MUTABLE, expected IMMUTABLE")
        .contains("lifecycle rule 2 (Keep only the last 100 images) differs")
        .contains("repository policy statement AllowPull differs")
        .contains("repository policy statement AllowPush is missing")
        .contains("tags [Team] are missing or differ");

    harness.create(step);
    assertThat(harness.verify(step).isInSync()).isTrue();
    assertThat(EcrTestSupport.repository(harness).orElseThrow().imageTagMutability())
        .isEqualTo(ImageTagMutability.IMMUTABLE);
    harness.rollback(step);
  }

  @Test
  void create_whenSpecNamesNoPrincipal_removesThePolicy() {
    harness.create(new EcrStep(spec()));
    EcrStep open = new EcrStep(new EcrSpec(false, 3, 20, roles(), roles(), false));

    assertThat(String.join("\n", harness.verify(open).differences()))
        .contains("has a repository policy, expected none")
        .contains("tag mutability is IMMUTABLE, expected MUTABLE");
    harness.create(open);

    assertThat(harness.verify(open).isInSync()).isTrue();
    assertThat(EcrTestSupport.repository(harness).orElseThrow().imageTagMutability())
        .isEqualTo(ImageTagMutability.MUTABLE);
    harness.rollback(open);
  }

  @Test
  void create_whenRepositoryIsEncryptedOtherwise_failsSayingItCannotChangeInPlace() {
    String name = EcrTestSupport.repositoryName(harness);
    harness.client(EcrClient.class).createRepository(b -> b.repositoryName(name)
        .encryptionConfiguration(e -> e.encryptionType(EncryptionType.AES256)));
    EcrStep step = new EcrStep(spec());

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("encryption is AES256 but the spec says KMS with key " + upstream.keyArn())
        .hasMessageContaining("cannot be changed in place: delete repository " + name + " by hand")
        .hasMessageContaining("images are lost and must be pushed again");
    assertThat(String.join("\n", harness.verify(step).differences()))
        .contains("ECR repository " + name + ": encryption is AES256, expected KMS with key " + upstream.keyArn()
            + " (fixed at creation)");
    assertThat(EcrTestSupport.repository(harness).orElseThrow().encryptionConfiguration().encryptionType())
        .isEqualTo(EncryptionType.AES256);
  }

  @Test
  void create_whenNameIsTakenByAnotherEnvironmentsRepository_failsAndLeavesItAlone() {
    String name = EcrTestSupport.repositoryName(harness);
    harness.client(EcrClient.class).createRepository(b -> b.repositoryName(name)
        .tags(Tag.builder().key(ResourceTags.ENV).value("other").build(),
            Tag.builder().key(ResourceTags.STEP).value(EcrStep.ID).build(),
            Tag.builder().key(ResourceTags.KEY).value("repository").build()));
    EcrStep step = new EcrStep(spec());

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("is tagged for provisioner:env=other");
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.MISSING);
    harness.rollback(step);
    assertThat(EcrTestSupport.repository(harness)).as("a foreign repository survives rollback").isPresent();
    assertThatThrownBy(() -> harness.client(EcrClient.class).getLifecyclePolicy(b -> b.repositoryName(name)))
        .as("create put no lifecycle policy on it").isInstanceOf(LifecyclePolicyNotFoundException.class);
  }

  @Test
  void verify_beforeTheUpstreamStepsRecordedAnything_reportsMissing(Emulator emulator) {
    try (TestHarness fresh = new TestHarness(emulator)) {
      Verification verification = fresh.verify(new EcrStep(spec()));

      assertThat(verification.status()).isEqualTo(Verification.Status.MISSING);
      assertThat(verification.differences()).containsExactly(
          "ECR repository " + EcrTestSupport.repositoryName(fresh) + " does not exist");
    }
  }
}
