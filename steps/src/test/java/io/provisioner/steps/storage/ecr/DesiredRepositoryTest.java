package io.provisioner.steps.storage.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.Outputs;
import io.provisioner.steps.StepException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.Repository;

class DesiredRepositoryTest {

  private static final String EXEC = "arn:aws:iam::123456789012:role/provisioner/provisioner-prod-ecs-task-execution";
  private static final String LAMBDA = "arn:aws:iam::123456789012:role/provisioner/provisioner-prod-lambda-execution";
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final DesiredRepository DESIRED =
      new DesiredRepository("provisioner/prod", KEY, true, new LifecyclePolicy(14, 100), Optional.empty());

  @Test
  void roleArns_resolvesLogicalNamesFromIamOutputs_inSpecOrder() {
    Outputs iam = new Outputs("security.iam",
        Map.of("role.ecs-task-execution.arn", EXEC, "role.lambda-execution.arn", LAMBDA));

    assertThat(DesiredRepository.roleArns(iam, List.of("lambda-execution", "ecs-task-execution"), "pullPrincipals"))
        .containsExactly(LAMBDA, EXEC);
  }

  @Test
  void roleArns_whenARoleIsNotRecorded_namesFieldAndRole() {
    Outputs iam = new Outputs("security.iam", Map.of("role.ecs-task-execution.arn", EXEC));

    assertThatThrownBy(() -> DesiredRepository.roleArns(iam, List.of("ecs-task-execution", "ci"), "pushPrincipals"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("pushPrincipals names role 'ci'")
        .hasMessageContaining("no output role.ci.arn");
  }

  @Test
  void encryptionDifference_withTheSpecKey_isNone() {
    Repository repo = Repository.builder()
        .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS).kmsKey(KEY)).build();

    assertThat(EcrRepository.encryptionDifference(repo, DESIRED)).isEmpty();
  }

  @Test
  void encryptionDifference_withAes256OrNoConfiguration_namesBoth() {
    Repository aes = Repository.builder().encryptionConfiguration(e -> e.encryptionType(EncryptionType.AES256)).build();
    Repository none = Repository.builder().build();

    assertThat(EcrRepository.encryptionDifference(aes, DESIRED))
        .contains("encryption is AES256, expected KMS with key " + KEY + " (output keyArn of security.kms)");
    assertThat(EcrRepository.encryptionDifference(none, DESIRED)).get().asString().startsWith("encryption is AES256,");
  }

  @Test
  void encryptionDifference_withAnotherKey_namesIt() {
    String other = "arn:aws:kms:us-east-1:123456789012:key/other";
    Repository repo = Repository.builder()
        .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS).kmsKey(other)).build();

    assertThat(EcrRepository.encryptionDifference(repo, DESIRED)).get().asString()
        .startsWith("encryption is KMS with key " + other + ", expected KMS with key " + KEY);
  }
}
