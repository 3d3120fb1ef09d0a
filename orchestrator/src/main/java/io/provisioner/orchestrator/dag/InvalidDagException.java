package io.provisioner.orchestrator.dag;

/** The step graph has a duplicate, an unknown dependency or a cycle. */
public class InvalidDagException extends RuntimeException {
  public InvalidDagException(String message) {
    super(message);
  }
}
