package io.provisioner.orchestrator.config;

import io.provisioner.steps.spec.SpecCheck;

/**
 * One AWS account of the environment.
 *
 * @param id 12-digit account id; empty for the account the caller's credentials belong to, or for
 *     an account {@code org.organization} creates
 * @param email root e-mail, needed to create a member account
 * @param ou the organizational unit it belongs in, e.g. {@code Production}
 * @param role the role assumed to reach it; empty = the caller's own credentials
 */
public record Account(String id, String email, String ou, String role) {
  public Account {
    id = id == null ? "" : id.trim();
    email = email == null ? "" : email.trim();
    ou = ou == null ? "" : ou.trim();
    role = role == null ? "" : role.trim();
    SpecCheck.of()
        .require(id.isEmpty() || id.matches("\\d{12}"), "id", "'" + id + "' is not a 12-digit account id")
        .require(email.isEmpty() || email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"), "email",
            "'" + email + "' is not an e-mail address")
        .require(role.isEmpty() || role.matches("[A-Za-z0-9+=,.@_-]{1,64}"), "role",
            "'" + role + "' is not an IAM role name")
        .done();
  }
}
