package io.provisioner.steps.org;

import io.provisioner.steps.Verification;
import io.provisioner.steps.Verification.Status;

/**
 * The verify verdict of a step whose rollback keeps part of what it reconciles (the organization
 * and its member accounts, the SCP policy type of the root). Those are still found after a
 * rollback, which the loop alone would call DRIFTED; such a step is MISSING while none of what its
 * rollback removes exists, with the loop's differences as the detail.
 */
public final class RetainedVerdict {
  private RetainedVerdict() {}

  /**
   * @param verdict the loop's verdict
   * @param anyRemovableFound whether anything the step's rollback removes exists (or the spec asks
   *     for nothing of that kind)
   */
  public static Verification of(Verification verdict, boolean anyRemovableFound) {
    return anyRemovableFound || verdict.status() != Status.DRIFTED ? verdict
        : new Verification(Status.MISSING, verdict.differences());
  }
}
