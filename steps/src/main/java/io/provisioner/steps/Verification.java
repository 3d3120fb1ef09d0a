package io.provisioner.steps;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Step#verify} found: everything as specified, drifted (with a human-readable list of
 * differences), or missing altogether.
 */
public record Verification(Status status, List<String> differences) {

  public enum Status {
    IN_SYNC,
    DRIFTED,
    MISSING
  }

  public Verification {
    Objects.requireNonNull(status, "status");
    differences = List.copyOf(differences);
    if (status == Status.DRIFTED && differences.isEmpty()) {
      throw new IllegalArgumentException("a drifted verification must name its differences");
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

  /** In sync when no differences were found, drifted otherwise. */
  public static Verification of(List<String> differences) {
    return differences.isEmpty() ? inSync() : drifted(differences);
  }

  public boolean isInSync() {
    return status == Status.IN_SYNC;
  }
}
