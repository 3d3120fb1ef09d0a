package io.provisioner.orchestrator.catalog;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A step that runs after one more step than it declares (an ordering its placement requires). */
final class WithDependency implements Step {
  private final Step step;
  private final Set<String> after;

  WithDependency(Step step, String extra) {
    this.step = step;
    Set<String> all = new LinkedHashSet<>(step.after());
    all.add(extra);
    this.after = Set.copyOf(all);
  }

  @Override
  public String id() {
    return step.id();
  }

  @Override
  public List<OutputRef<?>> references() {
    return step.references();
  }

  @Override
  public Set<String> after() {
    return after;
  }

  @Override
  public Set<String> dependsOn() {
    Set<String> all = new LinkedHashSet<>(step.dependsOn());
    all.addAll(after);
    return Set.copyOf(all);
  }

  @Override
  public Record spec() {
    return step.spec();
  }

  @Override
  public List<ServiceProbe> probes() {
    return step.probes();
  }

  @Override
  public void create(StepContext ctx) {
    step.create(ctx);
  }

  @Override
  public Verification verify(StepContext ctx) {
    return step.verify(ctx);
  }

  @Override
  public void rollback(StepContext ctx) {
    step.rollback(ctx);
  }
}
