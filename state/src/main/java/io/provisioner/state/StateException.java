package io.provisioner.state;

/** A state operation failed; the message says which and why. */
public class StateException extends RuntimeException {
  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
