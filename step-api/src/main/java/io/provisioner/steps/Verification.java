package io.provisioner.steps;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Step#verify} found: everything as specified, drifted (with a human-readable list of
 * differences), converging (the service is still applying a change: pending modifications, a
 * status other than available), or missing altogether.
 */
public record Verification(Status status, List<String> differences) {

  public enum Status {
    IN_SYNC,
    DRIFTED,
    /** As specified or being made so by the service, which has not finished applying it yet. */
    CONVERGING,
    MISSING
  }

  public Verification {
    Objects.requireNonNull(status, "status");
    differences = List.copyOf(differences);
    if ((status == Status.DRIFTED || status == Status.CONVERGING) && differences.isEmpty()) {
      throw new IllegalArgumentException("a " + status + " verification must name its differences");
    }
  }

  public static Verification inSync() {
    return new Verification(Status.IN_SYNC, List.of());
  }

  public static Verification missing(String what) {
    return new Verification(Status.MISSING, List.of(what));
  }

  public static Verification drifted(List<String> differences) {
    return new Verification(Status.DRIFTED, differences);
  }

  public static Verification converging(java.util.List<String> pending) {
    return new Verification(Status.CONVERGING, pending);
  }

  /** In sync when no differences were found, drifted otherwise. */
  public static Verification of(List<String> differences) {
    return differences.isEmpty() ? inSync() : drifted(differences);
  }

  public boolean isInSync() {
    return status == Status.IN_SYNC;
  }
}
