package io.provisioner.steps.data.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioner.localstack.Emulator;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.kernel.Tags;
import io.provisioner.steps.support.ClientTokens;
import io.provisioner.steps.support.FunctionCode;
import io.provisioner.steps.support.PolicyJson;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The shared contract scenario for {@link SecretsStep} with the prod profile's settings (rotation
 * included), plus the step's specifics. The drift: the database secret's resource policy is
 * deleted and its rotation interval changed behind the step's back.
 */
class SecretsStepIT extends StepContractScenario {

  private SecretsUpstream upstream;

  @Override
  protected void prepare(TestHarness harness) {
    upstream = SecretsUpstream.create(harness);
  }

  @AfterEach
  void deleteEverything() {
    try {
      harness.rollback(step());
    } finally {
      upstream.delete();
    }
  }

  private SecretsSpec spec() {
    return SecretsSpecs.production("provisioner-" + harness.env() + "-postgres", 7);
  }

  @Override
  protected Step step() {
    return new SecretsStep(spec());
  }

  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    SecretsManagerClient secrets = harness.client(SecretsManagerClient.class);
    String db = upstream.secretName(Names.DB_CREDENTIALS);
    secrets.deleteResourcePolicy(b -> b.secretId(db));
    String function = harness.checkpointsOf(SecretsStep.ID).get(SecretsStep.FUNCTION_ARN);
    secrets.rotateSecret(b -> b.secretId(db).rotationLambdaARN(function)
        .rotationRules(r -> r.automaticallyAfterDays(7L)).rotateImmediately(false));
  }

  @Override
  protected String expectedDriftFragment() {
    return "every 7 days, expected every 30 days";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    List<String> left = new ArrayList<>();
    SecretsManagerClient secrets = harness.client(SecretsManagerClient.class);
    for (String logical : List.of(Names.DB_CREDENTIALS, Names.CACHE_AUTH_TOKEN)) {
      String name = upstream.secretName(logical);
      try {
        DescribeSecretResponse secret = secrets.describeSecret(b -> b.secretId(name));
        if (secret.deletedDate() == null) {
          left.add("secret " + name + " (not scheduled for deletion)");
        }
      } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
        // gone
      }
    }
    try {
      harness.client(LambdaClient.class).getFunction(b -> b.functionName(upstream.functionName()));
      left.add("function " + upstream.functionName());
    } catch (ResourceNotFoundException e) {
      // gone
    }
    return left;
  }

  @Test
  void create_makesBothSecretsTheFunctionAndTheRotation_asTheProfileSays() {
    harness.create(step());

    Map<String, String> out = harness.checkpointsOf(SecretsStep.ID);
    assertThat(out.keySet()).containsExactlyInAnyOrder("secret.db-credentials.arn", "secret.db-credentials.name",
        "secret.cache-auth-token.arn", "secret.cache-auth-token.name", "rotationFunction.arn");
    assertThat(out).containsEntry("secret.db-credentials.name", upstream.secretName("db-credentials"))
        .containsEntry("secret.cache-auth-token.name", upstream.secretName("cache-auth-token"));

    SecretsManagerClient secrets = harness.client(SecretsManagerClient.class);
    DescribeSecretResponse db = secrets.describeSecret(b -> b.secretId(out.get("secret.db-credentials.arn")));
    assertThat(db.kmsKeyId()).isEqualTo(upstream.keyArn());
    assertThat(db.description()).contains("PostgreSQL login");
    assertThat(Tags.from(db.tags(), Tag::key, Tag::value)).containsEntry(ResourceTags.ENV, harness.env())
        .containsEntry(ResourceTags.STEP, SecretsStep.ID).containsEntry(ResourceTags.KEY, "db-credentials")
        .containsEntry("CostCenter", "platform");
    assertThat(db.rotationEnabled()).isTrue();
    assertThat(db.rotationLambdaARN()).isEqualTo(out.get("rotationFunction.arn"));
    assertThat(db.rotationRules().automaticallyAfterDays()).isEqualTo(30L);
    assertThat(db.versionIdsToStages()).as("the first version is the one of the step's idempotency token")
        .containsKey(ClientTokens.of(harness.env(), SecretsStep.ID, "db-credentials"));

    JsonNode dbPolicy = PolicyJson.parse(secrets.getResourcePolicy(b -> b.secretId(db.arn())).resourcePolicy());
    String readers = dbPolicy.path("Statement").get(0).path("Condition").path("ArnNotLike").path("aws:PrincipalArn")
        .toString();
    assertThat(readers).contains(upstream.roleArn("ecs-task-execution"), upstream.roleArn("ecs-task"),
        upstream.roleArn("lambda-execution"), upstream.roleArn("secret-rotation"));
    String cachePolicy = secrets.getResourcePolicy(b -> b.secretId(out.get("secret.cache-auth-token.arn")))
        .resourcePolicy();
    assertThat(cachePolicy).contains(upstream.roleArn("ecs-task")).doesNotContain(upstream.roleArn("secret-rotation"));

    // The test, not the step, reads the values: their shape is what the rotation function and ElastiCache need.
    JsonNode value = PolicyJson.parse(secrets.getSecretValue(b -> b.secretId(db.arn())).secretString());
    assertThat(value.path("engine").asText()).isEqualTo("postgres");
    assertThat(value.path("username").asText()).isEqualTo("app");
    assertThat(value.path("dbInstanceIdentifier").asText()).isEqualTo("provisioner-" + harness.env() + "-postgres");
    String password = value.path("password").asText();
    assertThat(password).hasSize(32).doesNotContain("\"", "@", "/", "\\", "'", " ");
    String token = secrets.getSecretValue(b -> b.secretId(out.get("secret.cache-auth-token.arn"))).secretString();
    assertThat(token).hasSize(64).doesNotContain("\"", "@", "/", " ");
    assertThat(token.chars()).allMatch(c -> c > 32 && c < 127);

    LambdaClient lambda = harness.client(LambdaClient.class);
    FunctionConfiguration function = lambda.getFunction(b -> b.functionName(upstream.functionName())).configuration();
    assertThat(function.functionArn()).isEqualTo(out.get("rotationFunction.arn"));
    assertThat(function.runtimeAsString()).isEqualTo("python3.12");
    assertThat(function.handler()).isEqualTo("lambda_function.lambda_handler");
    assertThat(function.role()).isEqualTo(upstream.roleArn("secret-rotation"));
    assertThat(function.timeout()).isEqualTo(60);
    assertThat(function.memorySize()).isEqualTo(256);
    assertThat(function.vpcConfig().subnetIds()).containsExactlyInAnyOrderElementsOf(upstream.appSubnets());
    assertThat(function.vpcConfig().securityGroupIds()).containsExactly(upstream.securityGroup());
    assertThat(function.environment().variables())
        .containsEntry("SECRETS_MANAGER_ENDPOINT", "https://secretsmanager.us-east-1.amazonaws.com");
    assertThat(function.codeSha256()).isEqualTo(spec().rotation().function().code().codeSha256());
    String permission = lambda.getPolicy(b -> b.functionName(upstream.functionName())).policy();
    assertThat(permission).contains("SecretsManagerRotation").contains("secretsmanager.amazonaws.com");
  }

  @Test
  void create_onAConvergedEnvironment_neverGeneratesAValue() {
    harness.create(step());
    SecretsManagerClient secrets = harness.client(SecretsManagerClient.class);
    String before = secrets.getSecretValue(b -> b.secretId(upstream.secretName("db-credentials"))).secretString();
    harness.dropper().dropNext("GetRandomPassword", 10);

    harness.create(step());

    assertThat(harness.dropper().droppedCount("GetRandomPassword")).as("GetRandomPassword calls").isZero();
    assertThat(secrets.getSecretValue(b -> b.secretId(upstream.secretName("db-credentials"))).secretString())
        .isEqualTo(before);
  }

  @Test
  void create_whenTheCodeChanges_deploysItAndVerifyNoticesBefore() {
    harness.create(step());
    Map<String, byte[]> files = new LinkedHashMap<>(spec().rotation().function().code().contents());
    files.put("VERSION", "2\n".getBytes(StandardCharsets.UTF_8));
    FunctionCode changed = FunctionCode.of(SecretsSpecs.DIRECTORY, files);
    SecretsSpec base = spec();
    SecretsStep next = new SecretsStep(new SecretsSpec(base.recoveryWindowDays(), base.database(), base.cacheToken(),
        base.readers(), new RotationSpec(30, SecretsSpecs.function(changed))));

    assertThat(String.join("\n", harness.verify(next).differences())).contains("deployed code");
    harness.create(next);

    assertThat(harness.client(LambdaClient.class).getFunction(b -> b.functionName(upstream.functionName()))
        .configuration().codeSha256()).isEqualTo(changed.codeSha256());
    assertThat(harness.verify(next).isInSync()).isTrue();
  }

  @Test
  void create_whenRotationLeavesTheProfile_turnsItOffAndDeletesTheFunction() {
    harness.create(step());
    SecretsStep withoutRotation = new SecretsStep(SecretsSpecs.withoutRotation(spec()));
    assertThat(String.join("\n", harness.verify(withoutRotation).differences()))
        .contains("rotation of secret " + upstream.secretName("db-credentials")
            + " still exists, but the profile has no rotation")
        .contains("rotation function " + upstream.functionName() + " still exists");

    harness.create(withoutRotation);

    DescribeSecretResponse db = harness.client(SecretsManagerClient.class)
        .describeSecret(b -> b.secretId(upstream.secretName("db-credentials")));
    assertThat(db.rotationEnabled()).isFalse();
    assertThat(leftovers(harness)).containsExactlyInAnyOrder(
        "secret " + upstream.secretName("db-credentials") + " (not scheduled for deletion)",
        "secret " + upstream.secretName("cache-auth-token") + " (not scheduled for deletion)");
    assertThat(harness.checkpointsOf(SecretsStep.ID)).doesNotContainKey(SecretsStep.FUNCTION_ARN);
    assertThat(harness.verify(withoutRotation).isInSync()).isTrue();
  }

  @Test
  void create_whenTheNameIsTakenByAForeignSecret_failsAndLeavesItAlone() {
    SecretsManagerClient secrets = harness.client(SecretsManagerClient.class);
    String name = upstream.secretName("cache-auth-token");
    secrets.createSecret(b -> b.name(name).secretString("someone else's"));

    assertThatThrownBy(() -> harness.create(step()))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("secret " + name + " exists but is not managed by this environment");
    harness.rollback(step());
    assertThat(secrets.describeSecret(b -> b.secretId(name)).deletedDate()).as("foreign secret untouched").isNull();
    assertThat(secrets.getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("someone else's");
  }

  @Test
  void verify_beforeAnythingExists_isMissingWithoutReadingUpstream(Emulator emulator) {
    try (TestHarness empty = new TestHarness(emulator)) {
      Verification verification = empty.verify(new SecretsStep(spec()));

      assertThat(verification.status()).isEqualTo(Verification.Status.MISSING);
      assertThat(verification.differences()).allMatch(d -> d.endsWith(" does not exist"));
    }
  }
}
