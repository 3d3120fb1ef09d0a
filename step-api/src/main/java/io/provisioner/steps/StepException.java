package io.provisioner.steps;

/** A step failed; the message says what was being done and on what. */
public class StepException extends RuntimeException {
  public StepException(String message) {
    super(message);
  }

  public StepException(String message, Throwable cause) {
    super(message, cause);
  }
}
