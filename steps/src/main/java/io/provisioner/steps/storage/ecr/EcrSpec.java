package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.RoleRef;
import io.provisioner.steps.spec.SpecCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The environment's private image registry (seed 000 §ECR): one repository named after the project,
 * {@code <project>/<env>}, scanned on push, encrypted with the environment's KMS key, cleaned by a
 * lifecycle policy and opened by a repository policy to the listed roles of {@code security.iam}.
 *
 * @param immutableTags {@code true}: a pushed tag can never point at another image (IMMUTABLE, what
 *     prod wants); {@code false}: tags may be moved (MUTABLE, handy for {@code latest} in dev)
 * @param untaggedExpiryDays lifecycle rule 1: untagged images older than this many days expire
 *     (1-3650)
 * @param keepLastImages lifecycle rule 2: of all images, tagged or not, only the newest this many
 *     are kept (1-10000)
 * @param pullPrincipals logical role names of {@code security.iam} (e.g. {@code
 *     ecs-task-execution}) allowed to pull images through the repository policy; resolved to the
 *     ARNs {@code security.iam} records as {@code role.<name>.arn}
 * @param pushPrincipals logical role names of {@code security.iam} allowed to push (and pull)
 *     images, e.g. a CI role; none by default. A role listed here must not be listed under {@code
 *     pullPrincipals} too
 * @param lambdaServicePull also allow the Lambda service ({@code lambda.amazonaws.com}) to read
 *     images, with the statement Lambda itself would add for functions packaged as container
 *     images; leave {@code false} unless such functions use this repository
 */
public record EcrSpec(
    boolean immutableTags,
    int untaggedExpiryDays,
    int keepLastImages,
    List<RoleRef> pullPrincipals,
    List<RoleRef> pushPrincipals,
    boolean lambdaServicePull) {

  public EcrSpec {
    pullPrincipals = copy(pullPrincipals);
    pushPrincipals = copy(pushPrincipals);
    SpecCheck check = SpecCheck.of()
        .range(untaggedExpiryDays, 1, 3650, "untaggedExpiryDays")
        .range(keepLastImages, 1, 10000, "keepLastImages");
    checkRoleNames(check, pullPrincipals, "pullPrincipals");
    checkRoleNames(check, pushPrincipals, "pushPrincipals");
    for (RoleRef push : pushPrincipals) {
      check.require(!pullPrincipals.contains(push), "pullPrincipals",
          "role " + push + " is also listed under pushPrincipals, which may pull already; list it only there");
    }
    check.done();
  }

  /** An unmodifiable copy that keeps null entries, so validation can name them instead of failing on them. */
  private static List<RoleRef> copy(List<RoleRef> names) {
    return names == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(names));
  }

  /** Each role once; whether security.iam defines it is checked by the profile loader ({@link RoleRef}). */
  private static void checkRoleNames(SpecCheck check, List<RoleRef> names, String field) {
    Set<RoleRef> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      RoleRef name = names.get(i);
      check.require(name != null, field + "[" + i + "]", "must name a role of security.iam, e.g. ecs-task-execution");
      check.require(name == null || seen.add(name), field + "[" + i + "]", "duplicate role " + name);
    }
  }
}
