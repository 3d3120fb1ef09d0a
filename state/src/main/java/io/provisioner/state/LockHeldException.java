package io.provisioner.state;

/** Another run holds the environment's lock and its lease is live. */
public class LockHeldException extends StateException {
  private final Lease current;

  public LockHeldException(Lease current) {
    super("environment '" + current.env() + "' is locked by " + current.holder() + " since "
        + current.acquiredAt() + " (lease until " + current.expiresAt() + ", lock id " + current.lockId()
        + "); wait for that run to end, or break the lock with: provisioner unlock --env " + current.env()
        + " --force --lock-id " + current.lockId());
    this.current = current;
  }

  public Lease current() {
    return current;
  }
}
