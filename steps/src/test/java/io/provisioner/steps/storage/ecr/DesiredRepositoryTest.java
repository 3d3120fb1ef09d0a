package io.provisioner.steps.storage.ecr;

import static io.provisioner.steps.storage.ecr.EcrTestSupport.roles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import io.provisioner.steps.security.iam.IamOutputs;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.storage.ecr.RepositoryResource.Encryption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.Repository;

class DesiredRepositoryTest {

  private static final String EXEC = "arn:aws:iam::123456789012:role/provisioner/provisioner-prod-ecs-task-execution";
  private static final String LAMBDA = "arn:aws:iam::123456789012:role/provisioner/provisioner-prod-lambda-execution";
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @Test
  void roleArns_resolvesRolesFromIamOutputs_inSpecOrder() {
    IamOutputs iam = new IamOutputs(Map.of("ecs-task-execution", EXEC, "lambda-execution", LAMBDA), null);

    assertThat(DesiredRepository.roleArns(iam, roles("lambda-execution", "ecs-task-execution"), "pullPrincipals"))
        .containsExactly(LAMBDA, EXEC);
  }

  @Test
  void roleArns_whenARoleIsNotPublished_namesFieldAndRole() {
    IamOutputs iam = new IamOutputs(Map.of("ecs-task-execution", EXEC), null);

    assertThatThrownBy(() -> DesiredRepository.roleArns(iam, roles("ecs-task-execution", "ci"), "pushPrincipals"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("pushPrincipals names role 'ci'")
        .hasMessageContaining("security.iam has published no such role (it has [ecs-task-execution])");
  }

  @Test
  void references_areTheKmsKey_andTheIamRolesOnlyWhenRolesAreNamed() {
    EcrStep open = new EcrStep(new EcrSpec(true, 14, 100, roles(), roles(), true));
    EcrStep withRoles = new EcrStep(new EcrSpec(true, 14, 100, roles(), roles("ci"), false));

    assertThat(open.references()).containsExactly(KmsStep.OUTPUTS);
    assertThat(withRoles.references()).containsExactly(KmsStep.OUTPUTS, IamStep.OUTPUTS);
    assertThat(withRoles.dependsOn()).containsExactlyInAnyOrder(KmsStep.ID, IamStep.ID);
  }

  @Test
  void encryption_withTheSpecKey_equalsTheWantedOne() {
    Repository repo = Repository.builder()
        .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS).kmsKey(KEY)).build();

    assertThat(Encryption.of(repo)).isEqualTo(Encryption.kms(KEY));
  }

  @Test
  void encryption_withAes256OrNoConfiguration_isAes256WithoutKey() {
    Repository aes = Repository.builder().encryptionConfiguration(e -> e.encryptionType(EncryptionType.AES256)).build();
    Repository none = Repository.builder().build();

    assertThat(Encryption.of(aes)).hasToString("AES256").isNotEqualTo(Encryption.kms(KEY));
    assertThat(Encryption.of(none)).isEqualTo(Encryption.of(aes));
  }

  @Test
  void encryption_withAnotherKey_namesIt() {
    String other = "arn:aws:kms:us-east-1:123456789012:key/other";
    Repository repo = Repository.builder()
        .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS).kmsKey(other)).build();

    assertThat(Encryption.of(repo)).hasToString("KMS with key " + other).isNotEqualTo(Encryption.kms(KEY));
  }
}
