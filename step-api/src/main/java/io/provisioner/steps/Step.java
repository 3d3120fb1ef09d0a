package io.provisioner.steps;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One concern of the environment (a KMS key, a VPC, a database...), able to converge it, check it
 * and take it down again.
 *
 * <p>The contract every implementation keeps:
 *
 * <ul>
 *   <li>{@link #id()} is a constant, never derived from a class name: it is the state key.
 *   <li>{@link #references()} lists the outputs of other steps it reads; {@link #dependsOn()} is
 *       derived from them. Reading an undeclared reference fails the step.
 *   <li>{@link #create} is <b>reentrant and idempotent</b>. It finds what already exists (recorded
 *       ids first, then unique names, then the {@code provisioner:*} tags), adopts it, creates what
 *       is missing and updates in place what drifted. It may be called any number of times, also
 *       after a crash between any two of its API calls. Every resource id is checkpointed with
 *       {@link Checkpoints#put} the moment it is known, before the next call; before a mutating
 *       call whose result a retry could not find again, the step writes its intent with {@link
 *       Checkpoints#putIntent}. "Already exists" is success. A second call on a converged
 *       environment makes read calls only. It ends by {@link StepContext#publish publishing} its
 *       outputs when it has any.
 *   <li>{@link #verify} is read-only. It is what {@code plan}, {@code verify} and the check after
 *       {@code create} call.
 *   <li>{@link #rollback} deletes what this step created, in reverse order, from the recorded ids;
 *       "not found" is success. Data-bearing resources (KMS keys, secrets, databases, buckets with
 *       objects) are never destroyed at once: keys and secrets are scheduled for deletion with
 *       their recovery window; the rest needs {@link StepContext#deleteData()}.
 *   <li>Errors: transient ones (throttling, eventual consistency) are retried inside the step;
 *       anything else is thrown as a {@link StepException} saying what was being done and on what.
 * </ul>
 *
 * <p>Steps written on the resource kernel ({@code io.provisioner.steps.kernel}) get create, verify
 * and rollback from one declaration of their resources.
 */
public interface Step {

  /** Stable dotted id, e.g. {@code security.kms}. */
  String id();

  /** The outputs of other steps this one reads. */
  default List<OutputRef<?>> references() {
    return List.of();
  }

  /**
   * Steps that must finish before this one although it reads nothing of theirs (an ordering, e.g.
   * "the account this step works in is created by org.organization").
   */
  default Set<String> after() {
    return Set.of();
  }

  /** Ids of the steps that run before this one: those of {@link #references()} and {@link #after()}. */
  default Set<String> dependsOn() {
    Set<String> ids = new LinkedHashSet<>();
    references().forEach(ref -> ids.add(ref.stepId()));
    ids.addAll(after());
    return Set.copyOf(ids);
  }

  /**
   * The typed input of this step, a record built from the environment profile. Its canonical JSON
   * hash is kept in state; a changed spec, or changed outputs of a referenced step, makes {@code
   * up} converge the step again.
   */
  Record spec();

  /** Services this step calls, each with a cheap read used to probe an emulator. */
  List<ServiceProbe> probes();

  /** Converges the concern: adopt, create what is missing, update what drifted; then publishes. */
  void create(StepContext ctx);

  /** Compares the world with the spec, without changing anything. */
  Verification verify(StepContext ctx);

  /** Deletes what this step created, from the recorded ids; "not found" is done. */
  void rollback(StepContext ctx);
}
