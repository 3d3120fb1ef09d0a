package io.provisioner.orchestrator.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The steps of an environment as a directed acyclic graph: node ids and their dependencies. Built
 * once, immutable; rejects duplicate ids, unknown dependencies and cycles with a message that names
 * them.
 */
public final class Dag {
  private final Map<String, Set<String>> dependencies;
  private final Map<String, Set<String>> dependents;
  private final List<String> order;

  private Dag(Map<String, Set<String>> dependencies) {
    this.dependencies = dependencies;
    this.dependents = new LinkedHashMap<>();
    dependencies.keySet().forEach(id -> dependents.put(id, new TreeSet<>()));
    dependencies.forEach((id, deps) -> deps.forEach(dep -> dependents.get(dep).add(id)));
    this.order = topologicalOrder();
  }

  /**
   * @param nodes node id → ids it depends on, in a stable order (catalog order breaks ties)
   * @throws InvalidDagException on duplicates, unknown ids or cycles
   */
  public static Dag of(Map<String, ? extends Collection<String>> nodes) {
    Map<String, Set<String>> deps = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    nodes.forEach((id, d) -> deps.put(id, Collections.unmodifiableSet(new TreeSet<>(d))));
    deps.forEach((id, d) -> {
      for (String dep : d) {
        if (!deps.containsKey(dep)) {
          problems.add("step " + id + " depends on unknown step " + dep);
        }
        if (dep.equals(id)) {
          problems.add("step " + id + " depends on itself");
        }
      }
    });
    if (!problems.isEmpty()) {
      throw new InvalidDagException(String.join("; ", problems));
    }
    List<String> cycle = findCycle(deps);
    if (!cycle.isEmpty()) {
      throw new InvalidDagException("steps form a cycle: " + String.join(" -> ", cycle));
    }
    return new Dag(Collections.unmodifiableMap(deps));
  }

  /** Every id, dependencies before dependents (catalog order among equals). */
  public List<String> order() {
    return order;
  }

  /** Every id, dependents before dependencies: the order of rollback. */
  public List<String> reverseOrder() {
    List<String> reversed = new ArrayList<>(order);
    Collections.reverse(reversed);
    return reversed;
  }

  public Set<String> ids() {
    return dependencies.keySet();
  }

  public Set<String> dependenciesOf(String id) {
    return require(dependencies, id);
  }

  public Set<String> dependentsOf(String id) {
    return Collections.unmodifiableSet(require(dependents, id));
  }

  /** Everything that depends on {@code id}, directly or not. */
  public Set<String> transitiveDependentsOf(String id) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(dependentsOf(id));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (seen.add(next)) {
        todo.addAll(dependentsOf(next));
      }
    }
    return seen;
  }

  /** The same graph with edges reversed: a node is ready when everything that depends on it is done. */
  public Dag reversed() {
    Map<String, Set<String>> reversedDeps = new LinkedHashMap<>();
    for (String id : reverseOrder()) {
      reversedDeps.put(id, dependents.get(id));
    }
    return new Dag(reversedDeps);
  }

  /** The sub-graph of the given ids, keeping only edges among them. */
  public Dag restrictedTo(Set<String> ids) {
    Map<String, Set<String>> sub = new LinkedHashMap<>();
    for (String id : order) {
      if (ids.contains(id)) {
        Set<String> deps = new TreeSet<>(dependencies.get(id));
        deps.retainAll(ids);
        sub.put(id, deps);
      }
    }
    return new Dag(sub);
  }

  private static <V> V require(Map<String, V> map, String id) {
    V value = map.get(id);
    if (value == null) {
      throw new InvalidDagException("unknown step " + id);
    }
    return value;
  }

  private List<String> topologicalOrder() {
    Map<String, Integer> remaining = new HashMap<>();
    dependencies.forEach((id, deps) -> remaining.put(id, deps.size()));
    List<String> result = new ArrayList<>();
    List<String> ids = new ArrayList<>(dependencies.keySet());
    while (result.size() < ids.size()) {
      for (String id : ids) {
        if (remaining.get(id) == 0) {
          remaining.put(id, -1);
          result.add(id);
          dependents.get(id).forEach(d -> remaining.merge(d, -1, Integer::sum));
          break;
        }
      }
    }
    return Collections.unmodifiableList(result);
  }

  private static List<String> findCycle(Map<String, Set<String>> deps) {
    Map<String, Integer> state = new HashMap<>();
    Deque<String> path = new ArrayDeque<>();
    for (String id : deps.keySet()) {
      List<String> cycle = visit(id, deps, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> visit(String id, Map<String, Set<String>> deps, Map<String, Integer> state,
      Deque<String> path) {
    Integer s = state.get(id);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>();
      List<String> stack = new ArrayList<>(path);
      Collections.reverse(stack);
      cycle.addAll(stack.subList(stack.indexOf(id), stack.size()));
      cycle.add(id);
      return cycle;
    }
    state.put(id, 1);
    path.push(id);
    for (String dep : deps.get(id)) {
      List<String> cycle = visit(dep, deps, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    path.pop();
    state.put(id, 2);
    return List.of();
  }
}
