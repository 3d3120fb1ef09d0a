package io.provisioner.state;

/** This run's lease was taken over or broken; it must stop writing. */
public class LockLostException extends StateException {
  public LockLostException(String env, String lockId) {
    super("the lock of environment '" + env + "' (lock id " + lockId
        + ") is no longer held by this run: it expired and was taken over, or was broken with unlock --force");
  }
}
