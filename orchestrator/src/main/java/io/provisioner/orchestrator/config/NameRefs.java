package io.provisioner.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.provisioner.orchestrator.catalog.StepRegistry;
import io.provisioner.steps.NameRef;
import io.provisioner.steps.StepDefinition;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Resolves every {@link NameRef} of the bound sections (a role named in {@code storage.ecr}...)
 * against the names the present sections define, and reports each that names nothing, with its
 * path and the names there are.
 */
final class NameRefs {
  private NameRefs() {}

  private record Defined(String path, java.util.Set<String> names) {}

  static void resolve(StepRegistry registry, Map<String, Record> sections, List<String> problems) {
    Map<String, Defined> byKind = new HashMap<>();
    sections.forEach((id, spec) -> registry.definition(id).ifPresent(d -> names(d, spec).forEach(n ->
        byKind.put(n.kind(), new Defined(d.section() + "." + n.path(), n.names())))));
    sections.forEach((id, spec) -> registry.definition(id).ifPresent(d -> walk(spec, d.section(), (ref, path) -> {
      Defined defined = byKind.get(ref.kind());
      if (defined == null) {
        problems.add(path + ": names " + ref.kind() + " '" + ref.name() + "', but no section of the profile defines "
            + ref.kind() + "s");
      } else if (!defined.names().contains(ref.name())) {
        problems.add(path + ": names " + ref.kind() + " '" + ref.name() + "', which " + defined.path()
            + " does not define; defined are " + String.join(", ", defined.names().stream().sorted().toList()));
      }
    })));
  }

  @SuppressWarnings("unchecked")
  private static <S extends Record> List<StepDefinition.DefinedNames> names(StepDefinition<S> d, Record spec) {
    return d.names((S) spec);
  }

  /** Visits every NameRef reachable from {@code value} through records, collections and maps. */
  static void walk(Object value, String path, BiConsumer<NameRef, String> visit) {
    if (value instanceof NameRef ref) {
      visit.accept(ref, path);
    } else if (value instanceof Record record) {
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        try {
          java.lang.reflect.Method accessor = component.getAccessor();
          accessor.setAccessible(true);
          walk(accessor.invoke(record), path + "." + yamlName(component), visit);
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException("cannot read " + path + "." + component.getName(), e);
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", visit);
      }
    } else if (value instanceof Collection<?> collection) {
      collection.forEach(element -> walk(element, path, visit));
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, visit));
    }
  }

  private static String yamlName(RecordComponent component) {
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : component.getName();
  }
}
