package io.provisioner.steps;

import java.util.Map;

/**
 * Outputs of a step that creates member accounts: their 12-digit ids by logical name. The engine
 * reaches a member account it has no id for in the profile through these, and runs the steps placed
 * in such an account after the step that publishes them.
 */
public interface AccountDirectory {

  /** Logical account name (as in the profile's {@code accounts}) to its 12-digit id. */
  Map<String, String> accountIds();
}
