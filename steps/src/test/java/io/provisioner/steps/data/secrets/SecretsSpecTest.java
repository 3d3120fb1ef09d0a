package io.provisioner.steps.data.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.support.FunctionCode;
import io.provisioner.steps.spec.InvalidSpecException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import io.provisioner.steps.RoleRef;
import org.junit.jupiter.api.Test;

class SecretsSpecTest {

  private static final FunctionCode CODE = FunctionCode.of("db-credentials-rotation",
      Map.of("lambda_function.py", "def lambda_handler(e, c): pass\n".getBytes(StandardCharsets.UTF_8)));

  private static List<String> fields(Runnable construction) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, construction::run);
    assertThat(e).as("an invalid spec is rejected").isNotNull();
    return e.problems().stream().map(InvalidSpecException.Problem::field).toList();
  }

  @Test
  void seed_isValid_withTheSeedsRecoveryWindowAndReaders() {
    SecretsSpec spec = SecretsSpec.seed(SecretsSpecs.function(CODE));

    assertThat(spec.recoveryWindowDays()).isEqualTo(30);
    assertThat(spec.readers()).extracting(RoleRef::name).containsExactly("ecs-task-execution", "ecs-task", "lambda-execution");
    assertThat(spec.rotation().days()).isEqualTo(30);
    assertThat(spec.cacheToken().length()).isEqualTo(64);
  }

  @Test
  void productionSpec_usesTheRealRotationFolder() {
    SecretsSpec spec = SecretsSpecs.production("provisioner-prod-postgres", 30);

    assertThat(spec.rotation().function().code().sha256ByFile())
        .containsKeys("lambda_function.py", "requirements.txt", "README.md")
        .doesNotContainKey(".gitignore");
  }

  @Test
  void new_withoutCacheTokenAndRotation_usesTheDefaultTokenAndNoRotation() {
    SecretsSpec spec = new SecretsSpec(7, DatabaseSecretSpec.seed(), null, List.of(RoleRef.of("ecs-task")), null);

    assertThat(spec.cacheToken().length()).isEqualTo(64);
    assertThat(spec.rotation()).isNull();
  }

  @Test
  void new_withRecoveryWindowOutOfRange_namesTheField() {
    assertThatThrownBy(() -> new SecretsSpec(6, DatabaseSecretSpec.seed(), null, List.of(RoleRef.of("ecs-task")), null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("recoveryWindowDays")
        .hasMessageContaining("7 to 30");
    assertThat(fields(() -> new SecretsSpec(31, DatabaseSecretSpec.seed(), null, List.of(RoleRef.of("ecs-task")), null)))
        .containsExactly("recoveryWindowDays");
  }

  @Test
  void new_withSeveralMistakes_reportsThemAllAtOnce() {
    assertThat(fields(() -> new SecretsSpec(0, null, null, List.of(), null)))
        .containsExactlyInAnyOrder("recoveryWindowDays", "database", "readers");
    assertThat(fields(() -> new SecretsSpec(30, DatabaseSecretSpec.seed(), null, List.of(RoleRef.of("ecs-task"),
        RoleRef.of("ecs-task")), null))).containsExactly("readers");
  }

  @Test
  void database_defaultsPortAndPasswordLength() {
    DatabaseSecretSpec db = new DatabaseSecretSpec("app", "app", 0, "provisioner-prod-postgres", 0);

    assertThat(db.port()).isEqualTo(5432);
    assertThat(db.passwordLength()).isEqualTo(32);
  }

  @Test
  void database_withBadValues_namesEachField() {
    assertThat(fields(() -> new DatabaseSecretSpec("1app", "app-db", 80, "Provisioner--db-", 8)))
        .containsExactlyInAnyOrder("username", "dbname", "port", "dbInstanceIdentifier", "passwordLength");
    assertThat(fields(() -> new DatabaseSecretSpec(null, null, 5432, null, 32)))
        .containsExactlyInAnyOrder("username", "dbname", "dbInstanceIdentifier");
  }

  @Test
  void database_withReservedUsername_saysItIsReserved() {
    for (String reserved : List.of("postgres", "rdsadmin", "pg_monitor", "RDS_superuser")) {
      assertThatThrownBy(() -> new DatabaseSecretSpec(reserved, "app", 5432, "db", 32))
          .as(reserved)
          .hasMessageContaining("username")
          .hasMessageContaining("reserved");
    }
  }

  @Test
  void cacheToken_acceptsElastiCacheLimitsOnly() {
    assertThat(new CacheTokenSpec(16).length()).isEqualTo(16);
    assertThat(new CacheTokenSpec(128).length()).isEqualTo(128);
    assertThat(fields(() -> new CacheTokenSpec(15))).containsExactly("length");
    assertThat(fields(() -> new CacheTokenSpec(129))).containsExactly("length");
  }

  @Test
  void rotation_daysMustBeOneToThreeHundredSixtyFive() {
    assertThat(new RotationSpec(1, SecretsSpecs.function(CODE)).days()).isEqualTo(1);
    assertThat(new RotationSpec(365, SecretsSpecs.function(CODE)).days()).isEqualTo(365);
    assertThat(fields(() -> new RotationSpec(0, SecretsSpecs.function(CODE)))).containsExactly("days");
    assertThat(fields(() -> new RotationSpec(366, null))).containsExactlyInAnyOrder("days", "function");
  }

  @Test
  void rotationFunction_withBadValues_namesEachField() {
    assertThat(fields(() -> new RotationFunctionSpec("Rotation!", "nodejs20.x", 1, 64, null, "App 1",
        null))).containsExactlyInAnyOrder("name", "runtime", "timeoutSeconds", "memoryMb", "role", "subnetTier",
        "code");
  }

  @Test
  void rotationFunction_withoutHandlerFile_saysWhichFileIsNeeded() {
    FunctionCode other = FunctionCode.of("other", Map.of("main.py", new byte[] {1}));

    assertThatThrownBy(() -> SecretsSpecs.function(other))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("code")
        .hasMessageContaining("lambda_function.py");
  }
}
