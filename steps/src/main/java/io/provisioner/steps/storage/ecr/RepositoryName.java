package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.StepException;
import java.util.Locale;

/**
 * The repository's name, {@code <project>/<env>}: named after the project (seed 000), namespaced by
 * the environment so two environments can share an account and a resume finds the repository of
 * an earlier run by name alone.
 */
final class RepositoryName {
  /** ECR's limit on repository names. */
  static final int MAX_LENGTH = 256;

  private RepositoryName() {}

  /**
   * {@code <project>/<env>} in lower case.
   *
   * @throws StepException when project or env cannot be part of an ECR name
   */
  static String of(String project, String env) {
    String p = project.toLowerCase(Locale.ROOT);
    String e = env.toLowerCase(Locale.ROOT);
    String name = p + "/" + e;
    if (!isValidComponent(p) || !isValidComponent(e) || name.length() > MAX_LENGTH) {
      throw new StepException("project '" + project + "' and env '" + env + "' cannot name an ECR repository ("
          + name + "): each must be lowercase letters and digits, optionally separated by single '.', '_' or "
          + "'-', and together at most " + MAX_LENGTH + " characters; rename the project or the env");
    }
    return name;
  }

  /**
   * True for one path component of an ECR repository name: lowercase letters and digits, separated
   * by single {@code .}, {@code _} or {@code -}, starting and ending with a letter or digit.
   */
  static boolean isValidComponent(String component) {
    if (component == null || component.isEmpty()) {
      return false;
    }
    boolean previousWasSeparator = true;
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      boolean separator = c == '.' || c == '_' || c == '-';
      if (!alphanumeric && !separator) {
        return false;
      }
      if (separator && previousWasSeparator) {
        return false;
      }
      previousWasSeparator = separator;
    }
    return !previousWasSeparator;
  }
}
