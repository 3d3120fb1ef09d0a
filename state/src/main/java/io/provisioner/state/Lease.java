package io.provisioner.state;

import java.time.Instant;
import java.util.Objects;

/**
 * The lock of one environment as held by one run. {@code lockId} is the fencing token: every
 * state write of the holder is conditional on the lock item still carrying it, so a holder whose
 * lease was taken over can no longer write.
 *
 * @param env environment name
 * @param lockId unique id of this holding
 * @param holder who holds it (user@host, pid, command)
 * @param acquiredAt when it was taken
 * @param expiresAt when it lapses unless renewed
 * @param version version of the lock item
 */
public record Lease(String env, String lockId, String holder, Instant acquiredAt, Instant expiresAt, long version) {
  public Lease {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(lockId, "lockId");
    Objects.requireNonNull(holder, "holder");
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
