package io.provisioner.steps.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects every problem of a spec record before throwing once, so a profile with three mistakes
 * reports three mistakes. Use in a record's compact constructor:
 *
 * <pre>{@code
 * SpecCheck.of()
 *     .require(alias != null && alias.matches("[a-zA-Z0-9/_-]+"), "alias", "letters, digits, / _ -")
 *     .range(deletionWindowDays, 7, 30, "deletionWindowDays")
 *     .done();
 * }</pre>
 */
public final class SpecCheck {
  private final List<InvalidSpecException.Problem> problems = new ArrayList<>();

  public static SpecCheck of() {
    return new SpecCheck();
  }

  public SpecCheck require(boolean ok, String field, String message) {
    if (!ok) {
      problems.add(new InvalidSpecException.Problem(field, message));
    }
    return this;
  }

  public SpecCheck notBlank(String value, String field) {
    return require(value != null && !value.isBlank(), field, "is required");
  }

  public SpecCheck notNull(Object value, String field) {
    return require(value != null, field, "is required");
  }

  public SpecCheck notEmpty(Collection<?> value, String field) {
    return require(value != null && !value.isEmpty(), field, "must list at least one entry");
  }

  public SpecCheck range(int value, int min, int max, String field) {
    return require(
        value >= min && value <= max, field, value + " is out of range; use a value from " + min + " to " + max);
  }

  /** Adds the problems of a nested record under a field prefix. */
  public SpecCheck nested(String field, InvalidSpecException e) {
    for (InvalidSpecException.Problem p : e.problems()) {
      problems.add(new InvalidSpecException.Problem(field + "." + p.field(), p.message()));
    }
    return this;
  }

  public void done() {
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
  }
}
