package io.provisioner.steps.security.kms;

import io.provisioner.steps.spec.SpecCheck;
import java.util.List;

/**
 * The environment's customer-managed key (seed 000 §KMS, seed 004 Layer 5).
 *
 * @param alias the key alias, e.g. {@code alias/provisioner-prod}; must not start with {@code alias/aws/}
 * @param description what the key is for
 * @param deletionWindowDays recovery window used by rollback (7-30 days); keys are never deleted at once
 * @param enableRotation automatic yearly rotation of the key material
 * @param servicePrincipals services allowed to use the key through the key policy, e.g. {@code rds.amazonaws.com}
 * @param drRegionKey also create an equivalent key and alias in the profile's DR region
 */
public record KmsSpec(
    String alias,
    String description,
    int deletionWindowDays,
    boolean enableRotation,
    List<String> servicePrincipals,
    boolean drRegionKey) {

  public KmsSpec {
    servicePrincipals = servicePrincipals == null ? List.of() : List.copyOf(servicePrincipals);
    SpecCheck.of()
        .require(alias != null && alias.matches("alias/[a-zA-Z0-9/_-]{1,250}"), "alias",
            "must look like alias/NAME with letters, digits, / _ -")
        .require(alias == null || !alias.startsWith("alias/aws/"), "alias",
            "alias/aws/ is reserved for AWS managed keys; choose another name")
        .notBlank(description, "description")
        .range(deletionWindowDays, 7, 30, "deletionWindowDays")
        .require(servicePrincipals.stream().allMatch(p -> p.matches("[a-z0-9.-]+\\.amazonaws\\.com")),
            "servicePrincipals", "each entry must be a service principal like rds.amazonaws.com")
        .done();
  }
}
