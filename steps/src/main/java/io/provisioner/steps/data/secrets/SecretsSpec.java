package io.provisioner.steps.data.secrets;

import io.provisioner.steps.RoleRef;
import java.util.stream.Stream;

import io.provisioner.steps.spec.SpecCheck;
import java.util.List;

/**
 * The environment's secrets (seed 000 §Secrets Manager, seed 004 "Use KMS with Secrets Manager").
 *
 * @param recoveryWindowDays days a deleted secret can still be restored (7-30; seed 004: 30); rollback
 *     schedules the deletion with it, never deletes at once
 * @param database the application's PostgreSQL login kept in secret {@code <project>/<env>/db-credentials}
 * @param cacheToken the Redis AUTH token kept in secret {@code <project>/<env>/cache-auth-token}; absent:
 *     a 64-character token
 * @param readers logical roles of {@code security.iam} that may read both secrets (e.g. {@code
 *     ecs-task-execution}, {@code ecs-task}, {@code lambda-execution}); every other principal but the
 *     rotation role and the provisioner itself is denied {@code GetSecretValue} by the secrets'
 *     resource policy
 * @param rotation automatic rotation of the database password; absent: no rotation (and a rotation
 *     function left from an earlier profile is removed)
 */
public record SecretsSpec(
    int recoveryWindowDays,
    DatabaseSecretSpec database,
    CacheTokenSpec cacheToken,
    List<RoleRef> readers,
    RotationSpec rotation) {

  public SecretsSpec {
    readers = readers == null ? List.of() : List.copyOf(readers);
    cacheToken = cacheToken == null ? CacheTokenSpec.defaults() : cacheToken;
    SpecCheck.of()
        .range(recoveryWindowDays, 7, 30, "recoveryWindowDays")
        .notNull(database, "database")
        .notEmpty(readers, "readers")
        .require(readers.stream().allMatch(java.util.Objects::nonNull),
            "readers", "each entry must name a role of security.iam, e.g. ecs-task")
        .require(readers.stream().distinct().count() == readers.size(), "readers", "must not list a role twice")
        .done();
  }

  /** The seed's values: 30 days of recovery, monthly rotation, the three application roles as readers. */
  public static SecretsSpec seed(RotationFunctionSpec function) {
    return new SecretsSpec(30, DatabaseSecretSpec.seed(), CacheTokenSpec.defaults(),
        Stream.of("ecs-task-execution", "ecs-task", "lambda-execution").map(RoleRef::of).toList(),
        new RotationSpec(30, function));
  }
}
