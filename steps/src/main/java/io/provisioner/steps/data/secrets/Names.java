package io.provisioner.steps.data.secrets;

import io.provisioner.steps.StepException;

/**
 * Physical names of this step's resources, deterministic from project and env so a resume finds
 * what a crashed run made: secrets {@code <project>/<env>/<name>}, the function {@code
 * <project>-<env>-<name>}.
 */
record Names(String project, String env) {
  static final String DB_CREDENTIALS = "db-credentials";
  static final String CACHE_AUTH_TOKEN = "cache-auth-token";
  static final String ROTATION_FUNCTION = "rotation-function";
  /** Lambda's limit for function names. */
  static final int MAX_FUNCTION_NAME = 64;

  String secret(String logicalName) {
    return project + "/" + env + "/" + logicalName;
  }

  String function(String logicalName) {
    String name = project + "-" + env + "-" + logicalName;
    if (name.length() > MAX_FUNCTION_NAME) {
      throw new StepException("Lambda function name " + name + " is " + name.length() + " characters long, more than "
          + MAX_FUNCTION_NAME + "; shorten rotation.function.name, the project or the env");
    }
    return name;
  }
}
