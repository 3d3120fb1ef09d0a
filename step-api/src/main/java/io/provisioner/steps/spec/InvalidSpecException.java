package io.provisioner.steps.spec;

import java.util.List;

/**
 * A spec record was constructed with invalid values. Carries every problem found, each with the
 * field it concerns (relative to the record), so the config loader can report them with their full
 * path.
 */
public class InvalidSpecException extends IllegalArgumentException {

  /** One problem: the field (dotted, relative to the record) and what is wrong with it. */
  public record Problem(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private final transient List<Problem> problems;

  public InvalidSpecException(List<Problem> problems) {
    super(String.join("; ", problems.stream().map(Problem::toString).toList()));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
