package io.provisioner.steps;

import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.List;
import java.util.Set;

/**
 * How a step registers itself: its id, where its section is in the profile, the record its
 * section binds to, and how to build the step from it. Each step package provides one, listed in
 * {@code META-INF/services/io.provisioner.steps.StepDefinition}; the engine finds them with {@link
 * java.util.ServiceLoader} and imports no step package.
 *
 * <p>A profile section left out means the step is left out of the environment.
 *
 * @param <S> the spec record of the step
 */
public interface StepDefinition<S extends Record> {

  /** The step's stable id, the same as {@link Step#id()}. */
  String id();

  /** The dotted path of the step's section in the profile, e.g. {@code security.kms} or {@code organization}. */
  String section();

  /** The record the section binds to. */
  Class<S> specType();

  /** Ids this step had before a rename: state recorded under them is still found. */
  default Set<String> aliases() {
    return Set.of();
  }

  /** What the step publishes, when it publishes anything. */
  default java.util.Optional<OutputRef<?>> outputs() {
    return java.util.Optional.empty();
  }

  /** The step built from its bound, validated spec. */
  Step step(S spec);

  /**
   * Checks that span sections, run after every section bound on its own. Each problem's field is
   * the full dotted path in the profile, and its message says what to change.
   */
  default List<Problem> check(S spec, ProfileView profile) {
    return List.of();
  }

  /** Names this step defines that other sections may refer to with a {@link NameRef} (e.g. IAM role names). */
  default List<DefinedNames> names(S spec) {
    return List.of();
  }

  /**
   * Names of one kind defined by a section.
   *
   * @param kind what they name, e.g. {@code role}; a {@link NameRef} of the same kind must be one of them
   * @param path where they are defined, relative to the section, e.g. {@code roles}
   * @param names the names
   */
  record DefinedNames(String kind, String path, Set<String> names) {
    public DefinedNames {
      names = Set.copyOf(names);
    }
  }
}
