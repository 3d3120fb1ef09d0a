package io.provisioner.steps.spec;

/**
 * Reads a JSON policy document named in the profile (relative to the policies folder, e.g. {@code
 * iam/mfa-enforcement.json}). Injected into spec records while the profile is loaded, so a missing
 * file is a config error, found before any AWS call.
 */
@FunctionalInterface
public interface PolicySource {
  /**
   * @throws IllegalArgumentException naming the file and why it cannot be used
   */
  String read(String relativePath);
}
