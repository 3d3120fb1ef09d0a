package io.provisioner.steps.data.secrets;

import io.provisioner.steps.spec.SpecCheck;

/**
 * The Redis AUTH token of {@code data.elasticache}, kept as the bare token (the whole SecretString).
 * Generated once by Secrets Manager from printable ASCII without {@code "}, {@code /}, {@code @} and
 * space, which ElastiCache refuses.
 *
 * <p>Not rotated: changing an AUTH token needs {@code ModifyReplicationGroup} with {@code
 * AuthTokenUpdateStrategy} ROTATE then SET on the replication group, which a Secrets Manager
 * rotation function of this step could not do without owning that group; see {@code data.elasticache}.
 *
 * @param length token length, 16-128 (ElastiCache's limits); absent: 64
 */
public record CacheTokenSpec(int length) {
  static final int DEFAULT_LENGTH = 64;

  public CacheTokenSpec {
    length = length == 0 ? DEFAULT_LENGTH : length;
    SpecCheck.of().range(length, 16, 128, "length").done();
  }

  static CacheTokenSpec defaults() {
    return new CacheTokenSpec(DEFAULT_LENGTH);
  }
}
