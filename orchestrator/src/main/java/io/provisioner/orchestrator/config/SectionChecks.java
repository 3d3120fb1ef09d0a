package io.provisioner.orchestrator.config;

import io.provisioner.orchestrator.catalog.StepRegistry;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.StepDefinition;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.List;
import java.util.Map;

/** Runs each present step's own cross-section checks; their problems carry full profile paths. */
final class SectionChecks {
  private SectionChecks() {}

  static void run(StepRegistry registry, Map<String, Record> sections, ProfileView view, List<String> problems) {
    sections.forEach((id, spec) -> registry.definition(id)
        .ifPresent(d -> check(d, spec, view).forEach(p -> problems.add(p.field() + ": " + p.message()))));
  }

  @SuppressWarnings("unchecked")
  private static <S extends Record> List<Problem> check(StepDefinition<S> definition, Record spec, ProfileView view) {
    return definition.check((S) spec, view);
  }
}
