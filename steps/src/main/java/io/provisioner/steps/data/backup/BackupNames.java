package io.provisioner.steps.data.backup;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;

/**
 * The deterministic names of the environment's backup resources, from the project and environment
 * names, so a resumed run finds what a crashed one made. Each is checked against the service's
 * pattern here, before any call, with a message saying what to shorten.
 */
final class BackupNames {
  /** API {@code BackupVaultName}: {@code ^[a-zA-Z0-9\-\_]{2,50}$}. */
  private static final String VAULT_PATTERN = "[A-Za-z0-9_-]{2,50}";
  /** API {@code BackupPlanInput.BackupPlanName}: 1-50 alphanumeric or '-_.' characters. */
  private static final String PLAN_PATTERN = "[A-Za-z0-9_.-]{1,50}";
  /** API {@code BackupSelectionName}: {@code ^[a-zA-Z0-9\-\_\.]{1,50}$}. */
  private static final String SELECTION_PATTERN = "[A-Za-z0-9_.-]{1,50}";

  private BackupNames() {}

  /** {@code <project>-<env>-vault}. */
  static String vault(StepContext ctx) {
    return checked(ctx.project() + "-" + ctx.env() + "-vault", VAULT_PATTERN, "backup vault",
        "2-50 letters, digits, '-' or '_'");
  }

  /** {@code <project>-<env>-plan}. */
  static String plan(StepContext ctx) {
    return checked(ctx.project() + "-" + ctx.env() + "-plan", PLAN_PATTERN, "backup plan",
        "1-50 letters, digits, '-', '_' or '.'");
  }

  /** {@code <project>-<env>-tagged}. */
  static String selection(StepContext ctx) {
    return checked(ctx.project() + "-" + ctx.env() + "-tagged", SELECTION_PATTERN, "backup selection",
        "1-50 letters, digits, '-', '_' or '.'");
  }

  private static String checked(String name, String pattern, String what, String rule) {
    if (!name.matches(pattern)) {
      throw new StepException("the " + what + " name '" + name + "' made from the project and environment names "
          + "is not valid: AWS Backup takes " + rule + "; shorten or rename the project or environment");
    }
    return name;
  }
}
