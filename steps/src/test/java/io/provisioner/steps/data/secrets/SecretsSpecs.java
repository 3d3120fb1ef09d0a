package io.provisioner.steps.data.secrets;

import io.provisioner.steps.support.FunctionCode;
import io.provisioner.steps.spec.FunctionSource;
import java.nio.file.Path;
import java.util.List;

/** Specs as the profiles build them, with the real rotation function under {@code src/functions/}. */
final class SecretsSpecs {
  /** The functions folder, seen from the {@code steps} module (the tests' working directory). */
  static final Path FUNCTIONS = Path.of("..", "src", "functions");
  static final String DIRECTORY = "db-credentials-rotation";

  private SecretsSpecs() {}

  static FunctionCode rotationCode() {
    return FunctionCode.of(DIRECTORY, FunctionSource.directory(FUNCTIONS).read(DIRECTORY));
  }

  static RotationFunctionSpec function(FunctionCode code) {
    return new RotationFunctionSpec("db-credentials-rotation", "python3.12", 60, 256, io.provisioner.steps.RoleRef.of("secret-rotation"), "app", code);
  }

  /** The seed's profile (prod) with the given database instance and recovery window. */
  static SecretsSpec production(String dbInstance, int recoveryWindowDays) {
    return new SecretsSpec(recoveryWindowDays,
        new DatabaseSecretSpec("app", "app", 5432, dbInstance, 32),
        new CacheTokenSpec(64),
        List.of(io.provisioner.steps.RoleRef.of("ecs-task-execution"), io.provisioner.steps.RoleRef.of("ecs-task"),
        io.provisioner.steps.RoleRef.of("lambda-execution")),
        new RotationSpec(30, function(rotationCode())));
  }

  /** The same without rotation. */
  static SecretsSpec withoutRotation(SecretsSpec spec) {
    return new SecretsSpec(spec.recoveryWindowDays(), spec.database(), spec.cacheToken(), spec.readers(), null);
  }
}
