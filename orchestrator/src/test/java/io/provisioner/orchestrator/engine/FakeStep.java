package io.provisioner.orchestrator.engine;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A step with no AWS behind it: "creates" by recording a checkpoint, can be told to fail once after
 * recording its first checkpoint (a crash in the middle), and logs every call into a shared journal.
 */
final class FakeStep implements Step {
  record Spec(String value) {}

  /** What a fake step publishes. */
  record Out(String resource) {}

  private final String id;
  private final Set<String> dependsOn;
  private final List<String> journal;
  private volatile Spec spec;
  final AtomicInteger failuresLeft = new AtomicInteger();
  final AtomicInteger creates = new AtomicInteger();
  volatile String seenDependencyOutput;

  FakeStep(String id, Set<String> dependsOn, CopyOnWriteArrayList<String> journal) {
    this.id = id;
    this.dependsOn = dependsOn;
    this.journal = journal;
    this.spec = new Spec("v1");
  }

  void spec(String value) {
    this.spec = new Spec(value);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public List<OutputRef<?>> references() {
    return dependsOn.stream().<OutputRef<?>>map(dep -> OutputRef.of(dep, Out.class)).toList();
  }

  @Override
  public Record spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of();
  }

  @Override
  public void create(StepContext ctx) {
    creates.incrementAndGet();
    journal.add("create " + id + " resumeFrom=" + ctx.checkpoints().get("half").orElse("-"));
    for (String dep : dependsOn) {
      seenDependencyOutput = ctx.read(OutputRef.of(dep, Out.class)).resource();
    }
    ctx.checkpoints().put("half", "h-" + id);
    if (failuresLeft.getAndDecrement() > 0) {
      throw new StepException("creating " + id + " failed half-way");
    }
    ctx.checkpoints().put("resource", "r-" + id + "-" + spec.value());
    ctx.publish(new Out("r-" + id + "-" + spec.value()));
  }

  @Override
  public Verification verify(StepContext ctx) {
    return ctx.checkpoints().get("resource").isPresent()
        ? (ctx.checkpoints().get("resource").get().endsWith(spec.value()) ? Verification.inSync()
            : Verification.drifted(List.of(id + " has an old value")))
        : Verification.missing(id + " does not exist");
  }

  @Override
  public void rollback(StepContext ctx) {
    journal.add("rollback " + id);
    ctx.checkpoints().remove("resource");
    ctx.checkpoints().remove("half");
  }
}
