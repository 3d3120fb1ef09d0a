package io.provisioner.steps.data.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.support.ClientTokens;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/**
 * A response lost on the way back, or a rollback in between, never leaves a twin secret, a second
 * version or a new password.
 */
@ExtendWith(EmulatorExtension.class)
class SecretsLostResponseIT {

  private TestHarness harness;
  private SecretsUpstream upstream;
  private SecretsSpec spec;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    upstream = SecretsUpstream.create(harness);
    spec = SecretsSpecs.production("provisioner-" + harness.env() + "-postgres", 7);
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(new SecretsStep(spec));
    } finally {
      upstream.delete();
      harness.close();
    }
  }

  @Test
  void create_whenCreateSecretResponseIsLost_adoptsTheSecretWithItsOneVersion() {
    // Without rotation: the emulator's RotateSecret leaves a second (AWSPENDING) version, see SecretsStep.
    SecretsStep step = new SecretsStep(SecretsSpecs.withoutRotation(spec));
    harness.dropper().dropNext("CreateSecret", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create secret " + upstream.secretName("db-credentials") + " failed");
    assertThat(harness.dropper().droppedCount("CreateSecret")).isEqualTo(1);
    assertThat(harness.checkpointsOf(SecretsStep.ID)).doesNotContainKey("secret.db-credentials.arn")
        .containsKey("intent:db-credentials");
    String first = secrets().getSecretValue(b -> b.secretId(upstream.secretName("db-credentials"))).secretString();

    harness.create(step);

    List<SecretVersionsListEntry> versions =
        secrets().listSecretVersionIds(b -> b.secretId(upstream.secretName("db-credentials"))).versions();
    assertThat(versions).singleElement().satisfies(v -> {
      assertThat(v.versionId()).isEqualTo(ClientTokens.of(harness.env(), SecretsStep.ID, "db-credentials"));
      assertThat(v.versionStages()).containsExactly("AWSCURRENT");
    });
    assertThat(secrets().getSecretValue(b -> b.secretId(upstream.secretName("db-credentials"))).secretString())
        .as("the value of the first, lost call").isEqualTo(first);
    assertThat(secrets().listSecrets(b -> b.filters(f -> f.key("name").values(upstream.secretName("db-credentials"))))
        .secretList()).hasSize(1);
    assertThat(harness.checkpointsOf(SecretsStep.ID)).containsKey("secret.db-credentials.arn");
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_whenCreateFunctionResponseIsLost_adoptsTheFunction() {
    SecretsStep step = new SecretsStep(spec);
    harness.dropper().dropNext("CreateFunction", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create rotation function " + upstream.functionName() + " failed");
    assertThat(harness.dropper().droppedCount("CreateFunction")).isEqualTo(1);
    assertThat(harness.checkpointsOf(SecretsStep.ID)).doesNotContainKey(SecretsStep.FUNCTION_ARN);

    harness.create(step);

    List<FunctionConfiguration> functions = harness.client(LambdaClient.class).listFunctions().functions().stream()
        .filter(f -> f.functionName().startsWith("provisioner-" + harness.env() + "-")).toList();
    assertThat(functions).singleElement()
        .satisfies(f -> assertThat(f.functionArn()).isEqualTo(harness.checkpointsOf(SecretsStep.ID)
            .get(SecretsStep.FUNCTION_ARN)));
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_afterRollback_restoresTheSecretsWithTheirArnsAndValues_withoutGeneratingAny() {
    SecretsStep step = new SecretsStep(spec);
    harness.create(step);
    Map<String, String> before = harness.checkpointsOf(SecretsStep.ID);
    String dbValue = value("db-credentials");
    String token = value("cache-auth-token");

    harness.rollback(step);
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.MISSING);
    assertThat(harness.checkpointsOf(SecretsStep.ID)).isEmpty();
    assertThat(secrets().describeSecret(b -> b.secretId(upstream.secretName("db-credentials"))).deletedDate())
        .as("scheduled for deletion, not deleted").isNotNull();

    harness.dropper().dropNext("GetRandomPassword", 10);
    harness.create(step);

    assertThat(harness.dropper().droppedCount("GetRandomPassword")).as("GetRandomPassword calls").isZero();
    Map<String, String> after = harness.checkpointsOf(SecretsStep.ID);
    assertThat(after.get("secret.db-credentials.arn")).isEqualTo(before.get("secret.db-credentials.arn"));
    assertThat(after.get("secret.cache-auth-token.arn")).isEqualTo(before.get("secret.cache-auth-token.arn"));
    assertThat(value("db-credentials")).isEqualTo(dbValue);
    assertThat(value("cache-auth-token")).isEqualTo(token);
    assertThat(secrets().describeSecret(b -> b.secretId(upstream.secretName("db-credentials"))).rotationEnabled())
        .isTrue();
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  private SecretsManagerClient secrets() {
    return harness.client(SecretsManagerClient.class);
  }

  private String value(String logical) {
    return secrets().getSecretValue(b -> b.secretId(upstream.secretName(logical))).secretString();
  }
}
