package io.provisioner.state;

/** A conditional write found a newer version than the one it was based on. */
public class StaleWriteException extends StateException {
  public StaleWriteException(String what, long expectedVersion) {
    super("state write of " + what + " was rejected: it was changed by another writer since version "
        + expectedVersion);
  }
}
