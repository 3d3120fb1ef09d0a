package io.provisioner.orchestrator.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DagTest {

  private static Map<String, List<String>> nodes(Object... idsAndDeps) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < idsAndDeps.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> deps = (List<String>) idsAndDeps[i + 1];
      map.put((String) idsAndDeps[i], deps);
    }
    return map;
  }

  @Test
  void order_putsDependenciesFirst_andKeepsCatalogOrderAmongEquals() {
    Dag dag = Dag.of(nodes("c", List.of("a", "b"), "a", List.of(), "b", List.of("a"), "d", List.of()));
    assertThat(dag.order()).containsExactly("a", "b", "c", "d");
    assertThat(dag.reverseOrder()).containsExactly("d", "c", "b", "a");
  }

  @Test
  void of_whenDependencyUnknown_namesStepAndDependency() {
    assertThatThrownBy(() -> Dag.of(nodes("a", List.of("ghost"))))
        .isInstanceOf(InvalidDagException.class)
        .hasMessageContaining("step a depends on unknown step ghost");
  }

  @Test
  void of_whenCycle_namesTheCycle() {
    assertThatThrownBy(() -> Dag.of(nodes("a", List.of("c"), "b", List.of("a"), "c", List.of("b"), "d", List.of())))
        .isInstanceOf(InvalidDagException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining("a -> c -> b -> a");
  }

  @Test
  void of_whenSelfDependency_rejectsIt() {
    assertThatThrownBy(() -> Dag.of(nodes("a", List.of("a")))).hasMessageContaining("depends on itself");
  }

  @Test
  void transitiveDependents_followsEveryPath() {
    Dag dag = Dag.of(nodes("a", List.of(), "b", List.of("a"), "c", List.of("b"), "d", List.of()));
    assertThat(dag.transitiveDependentsOf("a")).containsExactlyInAnyOrder("b", "c");
    assertThat(dag.transitiveDependentsOf("d")).isEmpty();
  }

  @Test
  void reversed_makesDependentsComeFirst() {
    Dag reversed = Dag.of(nodes("a", List.of(), "b", List.of("a"), "c", List.of("b"))).reversed();
    assertThat(reversed.order()).containsExactly("c", "b", "a");
    assertThat(reversed.dependenciesOf("a")).containsExactly("b");
  }

  @Test
  void restrictedTo_keepsOnlyEdgesAmongKeptNodes() {
    Dag dag = Dag.of(nodes("a", List.of(), "b", List.of("a"), "c", List.of("b", "a")));
    Dag sub = dag.restrictedTo(Set.of("b", "c"));
    assertThat(sub.order()).containsExactly("b", "c");
    assertThat(sub.dependenciesOf("c")).containsExactly("b");
  }
}
