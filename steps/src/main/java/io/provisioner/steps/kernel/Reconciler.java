package io.provisioner.steps.kernel;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one reconcile loop. A step declares its resources in order by calling {@link #ensure} on
 * each; what the loop does with them depends on its mode:
 *
 * <ul>
 *   <li>{@link Mode#CONVERGE} (the step's create): find (recorded id, then {@link Resource#lookup});
 *       if missing, write the intent, create, record the id, clear the intent; an "already exists"
 *       answer is adopted through lookup. Then apply every setting that differs, and wait until the
 *       new values are observed and nothing is pending.
 *   <li>{@link Mode#VERIFY}: find and compare only; collects differences, what is missing and what
 *       is still converging into one {@link Verification}.
 *   <li>{@link Mode#DELETE} (the step's rollback): find only; {@link #finish} then asks every found
 *       resource's guard, and deletes them in reverse order only when none refuses.
 * </ul>
 *
 * Every SDK error that is not one the resource expects is turned into a {@link StepException}
 * naming what was being done, on what.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** What the loop does with the resources it is given. */
  public enum Mode {
    CONVERGE,
    VERIFY,
    DELETE
  }

  private record Found<L>(Resource<L> resource, L live) {}

  private final StepContext ctx;
  private final String stepId;
  private final Mode mode;
  private final List<String> differences = new ArrayList<>();
  private final List<String> missing = new ArrayList<>();
  private final List<String> pending = new ArrayList<>();
  private final List<Found<?>> found = new ArrayList<>();
  private boolean anythingFound;
  /** What a DELETE pass found gone; forgotten at its end, so later declarations still read the checkpoints. */
  private final List<Runnable> gone = new ArrayList<>();

  private Reconciler(StepContext ctx, String stepId, Mode mode) {
    this.ctx = ctx;
    this.stepId = stepId;
    this.mode = mode;
  }

  public static Reconciler of(StepContext ctx, String stepId, Mode mode) {
    return new Reconciler(ctx, stepId, mode);
  }

  public Mode mode() {
    return mode;
  }

  public StepContext context() {
    return ctx;
  }

  /**
   * Reconciles one resource in the loop's mode.
   *
   * @return the live resource; empty only in VERIFY and DELETE modes, when it does not exist
   */
  public <L> Optional<L> ensure(Resource<L> resource) {
    Optional<L> live = locate(resource);
    switch (mode) {
      case VERIFY -> {
        if (live.isEmpty()) {
          missing.add(resource.description() + " does not exist");
          return live;
        }
        if (resource.deleted(live.get())) {
          missing.add(resource.description() + " is being deleted");
          return Optional.empty();
        }
        compare(resource, live.get());
        return live;
      }
      case DELETE -> {
        if (live.isEmpty() || resource.deleted(live.get())) {
          gone.add(() -> forget(resource, live));
          return Optional.empty();
        }
        found.add(new Found<>(resource, live.get()));
        return live;
      }
      default -> {
        L current = live.isPresent() ? live.get() : create(resource);
        return Optional.of(converge(resource, current, live.isEmpty()));
      }
    }
  }

  /** Records a difference found outside any resource's settings (rare: a relation between resources). */
  public void difference(String text) {
    differences.add(text);
  }

  /** Publishes the step's outputs when converging; in the other modes nothing is published. */
  public void publish(Record outputs) {
    if (mode == Mode.CONVERGE) {
      ctx.publish(outputs);
    }
  }

  /** The verdict of a VERIFY pass. */
  public Verification verification() {
    if (!differences.isEmpty()) {
      List<String> all = new ArrayList<>(differences);
      all.addAll(missing);
      return Verification.drifted(all);
    }
    if (!missing.isEmpty()) {
      return anythingFound ? Verification.drifted(missing) : new Verification(Verification.Status.MISSING, missing);
    }
    if (!pending.isEmpty()) {
      return Verification.converging(pending);
    }
    return Verification.inSync();
  }

  /**
   * Ends a DELETE pass: asks every found resource's guard first and refuses with all their reasons
   * at once, then deletes in reverse order of declaration; "not found" is success.
   */
  public void finish() {
    if (mode != Mode.DELETE) {
      return;
    }
    List<String> refusals = new ArrayList<>();
    for (Found<?> f : found) {
      guard(f).ifPresent(reason -> refusals.add(f.resource().description() + ": " + reason));
    }
    if (!refusals.isEmpty()) {
      throw new StepException("rollback of " + stepId + " refused before deleting anything: "
          + String.join("; ", refusals));
    }
    for (int i = found.size() - 1; i >= 0; i--) {
      delete(found.get(i));
    }
    gone.forEach(Runnable::run);
  }

  // ---------------------------------------------------------------- finding

  private <L> Optional<L> locate(Resource<L> resource) {
    Checkpoints checkpoints = ctx.checkpoints();
    Optional<String> recorded = checkpoints.get(resource.idKey());
    Optional<L> live = Optional.empty();
    if (recorded.isPresent()) {
      live = call("read", resource, () -> readQuietly(resource, recorded.get()));
    }
    if (live.isEmpty()) {
      live = call("look up", resource, () -> lookupQuietly(resource));
    }
    if (live.isPresent()) {
      anythingFound |= !resource.deleted(live.get());
      if (mode == Mode.CONVERGE) {
        record(resource, live.get());
        checkpoints.clearIntent(resource.key());
      }
    }
    return live;
  }

  private static <L> Optional<L> readQuietly(Resource<L> resource, String id) {
    try {
      return resource.read(id);
    } catch (SdkException e) {
      if (resource.errors().isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static <L> Optional<L> lookupQuietly(Resource<L> resource) {
    try {
      return resource.lookup();
    } catch (SdkException e) {
      if (resource.errors().isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- converging

  private <L> L create(Resource<L> resource) {
    Checkpoints checkpoints = ctx.checkpoints();
    checkpoints.putIntent(resource.key(), "create " + resource.description());
    L live;
    try {
      live = Transient.retry(ctx.waits(), "create " + resource.description(), resource.errors().notYetVisible(),
          resource::create);
    } catch (SdkException e) {
      if (!resource.errors().isAlreadyExists(e)) {
        throw failure("create", resource, e);
      }
      live = call("look up", resource, () -> lookupQuietly(resource)).orElseThrow(() -> new StepException(
          "creating " + resource.description() + " answered " + AwsErrors.code(e) + " but it cannot be found by name "
              + "or tags; it may belong to someone else: remove it or change its name", e));
      LOG.info("adopted [step={}] [resource={}] [reason={}]", stepId, resource.key(), AwsErrors.code(e));
    }
    record(resource, live);
    checkpoints.clearIntent(resource.key());
    LOG.info("created [step={}] [resource={}] [id={}]", stepId, resource.key(), resource.id(live));
    return live;
  }

  private <L> L converge(Resource<L> resource, L live, boolean created) {
    List<Setting<L>> applied = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    for (Setting<L> setting : resource.settings()) {
      List<String> diff = call("compare", resource, () -> setting.differences(live));
      if (!diff.isEmpty()) {
        try {
          call("change", resource, () -> {
            Transient.run(ctx.waits(), "change " + resource.description(), resource.errors().notYetVisible(),
                () -> setting.apply(live));
            return null;
          });
        } catch (StepException e) {
          throw e.getMessage().startsWith("change " + resource.description()) ? e
              : new StepException(resource.description() + ": " + e.getMessage(), e);
        }
        applied.add(setting);
        changes.addAll(diff);
      }
    }
    if (!changes.isEmpty()) {
      LOG.info("converged [step={}] [resource={}] [changes={}]", stepId, resource.key(), String.join("; ", changes));
    }
    if (!created && applied.isEmpty() && resource.pending(live).isEmpty()) {
      return live;
    }
    String id = resource.id(live);
    Optional<L> settled = Await.until(ctx.waits(), resource.description() + (applied.isEmpty() ? " to be ready"
        : " to show its new settings"), () -> call("read", resource, () -> readQuietly(resource, id)),
        now -> now.isPresent() && resource.pending(now.get()).isEmpty()
            && applied.stream().allMatch(s -> s.differences(now.get()).isEmpty()));
    if (id != null) {
      record(resource, settled.get());
    }
    return settled.get();
  }

  private <L> void record(Resource<L> resource, L live) {
    Checkpoints checkpoints = ctx.checkpoints();
    remember(checkpoints, resource.idKey(), resource.id(live));
    resource.recorded(live).forEach((k, v) -> remember(checkpoints, k, v));
  }

  private static void remember(Checkpoints checkpoints, String key, String value) {
    if (value != null && !checkpoints.get(key).filter(value::equals).isPresent()) {
      checkpoints.put(key, value);
    }
  }

  // ---------------------------------------------------------------- verifying

  private <L> void compare(Resource<L> resource, L live) {
    for (Setting<L> setting : resource.settings()) {
      call("compare", resource, () -> setting.differences(live))
          .forEach(d -> differences.add(resource.description() + ": " + d));
    }
    resource.pending(live).ifPresent(p -> pending.add(resource.description() + ": " + p));
  }

  // ---------------------------------------------------------------- deleting

  private <L> Optional<String> guard(Found<L> f) {
    return call("check before deleting", f.resource(), () -> f.resource().deletionGuard(f.live(), ctx.deleteData()));
  }

  private <L> void delete(Found<L> f) {
    Resource<L> resource = f.resource();
    String id = resource.id(f.live());
    try {
      Transient.run(ctx.waits(), "delete " + resource.description(), resource.errors().notYetVisible(), () -> {
        try {
          resource.delete(f.live());
        } catch (SdkException e) {
          if (!resource.errors().isNotFound(e)) {
            throw e;
          }
        }
      });
      LOG.info("deleted [step={}] [resource={}] [id={}]", stepId, resource.key(), id);
    } catch (SdkException e) {
      throw failure("delete", resource, e);
    }
    if (resource.awaitDeletion()) {
      Await.until(ctx.waits(), resource.description() + " to be deleted",
          () -> call("read", resource, () -> readQuietly(resource, id)),
          now -> now.isEmpty() || resource.deleted(now.get()));
    }
    forget(resource, Optional.of(f.live()));
  }

  /** Removes what was recorded for a resource that is gone (or on its way out). */
  private <L> void forget(Resource<L> resource, Optional<L> live) {
    Checkpoints checkpoints = ctx.checkpoints();
    checkpoints.remove(resource.idKey());
    live.ifPresent(l -> resource.recorded(l).keySet().forEach(checkpoints::remove));
    checkpoints.clearIntent(resource.key());
  }

  // ---------------------------------------------------------------- errors

  private <T> T call(String action, Resource<?> resource, Supplier<T> body) {
    try {
      return Transient.retry(ctx.waits(), action + " " + resource.description(), resource.errors().notYetVisible(),
          body);
    } catch (SdkException e) {
      throw failure(action, resource, e);
    }
  }

  private StepException failure(String action, Resource<?> resource, SdkException e) {
    String code = AwsErrors.code(e);
    return new StepException(action + " " + resource.description() + " failed"
        + (code.isEmpty() ? "" : " (" + code + ")") + ": " + e.getMessage(), e);
  }
}
