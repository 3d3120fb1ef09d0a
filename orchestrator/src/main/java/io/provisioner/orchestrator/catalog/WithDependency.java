package io.provisioner.orchestrator.catalog;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A step with one more dependency than it declares (an ordering the placement requires). */
final class WithDependency implements Step {
  private final Step step;
  private final Set<String> dependsOn;

  WithDependency(Step step, String extra) {
    this.step = step;
    Set<String> all = new LinkedHashSet<>(step.dependsOn());
    all.add(extra);
    this.dependsOn = Set.copyOf(all);
  }

  @Override
  public String id() {
    return step.id();
  }

  @Override
  public Set<String> dependsOn() {
    return dependsOn;
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
