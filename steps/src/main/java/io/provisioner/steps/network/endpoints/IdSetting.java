package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A set of ids of an endpoint (its route tables, subnets or security groups), changed by one call
 * that adds what is missing and removes what is extra, so a subnet can be swapped for another in
 * the same AZ (an interface endpoint takes one subnet per AZ).
 */
final class IdSetting<L> implements Setting<L> {

  /** The call that adds and removes ids; a list is null when there is nothing to add or remove. */
  interface Change<L> {
    void apply(L live, List<String> add, List<String> remove);
  }

  private final String name;
  private final Function<L, Collection<String>> actual;
  private final Set<String> desired;
  private final Change<L> change;

  IdSetting(String name, Function<L, Collection<String>> actual, Set<String> desired, Change<L> change) {
    this.name = name;
    this.actual = actual;
    this.desired = Set.copyOf(desired);
    this.change = change;
  }

  @Override
  public List<String> differences(L live) {
    List<String> differences = new ArrayList<>();
    missing(live).forEach(id -> differences.add(name + " " + id + " missing"));
    extra(live).forEach(id -> differences.add("unexpected " + name + " " + id));
    return differences;
  }

  @Override
  public void apply(L live) {
    List<String> add = missing(live);
    List<String> remove = extra(live);
    change.apply(live, add.isEmpty() ? null : add, remove.isEmpty() ? null : remove);
  }

  private List<String> missing(L live) {
    Collection<String> have = actual.apply(live);
    return desired.stream().filter(id -> !have.contains(id)).sorted().toList();
  }

  private List<String> extra(L live) {
    return actual.apply(live).stream().filter(id -> !desired.contains(id)).sorted().toList();
  }
}
