package io.provisioner.steps.kernel;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One cloud object of a step, described for the {@link Reconciler}: how it is found, created,
 * compared, changed, deleted and waited for. Implementations hold the step context and their
 * client; they make exactly the call their method names, and leave recording, intents, error
 * wrapping and waiting to the loop.
 *
 * @param <L> what a read of it returns, e.g. {@code KeyMetadata} or {@code DBInstance}
 */
public interface Resource<L> {

  /**
   * The logical key: unique within the step, stable across runs. The resource's id is checkpointed
   * under it, and it is the {@code provisioner:key} tag. Never an index into a list: per-AZ
   * resources are keyed by AZ name.
   */
  String key();

  /**
   * The checkpoint its id is recorded under; the logical key unless the step's state already names
   * it otherwise (kept, so environments built before keep resuming).
   */
  default String idKey() {
    return key();
  }

  /** What it is, for messages: e.g. {@code KMS key alias/prod in us-east-1}. */
  String description();

  /** This resource's own error codes. */
  ErrorCodes errors();

  /** Reads it by the id recorded for it; empty when it no longer exists. May throw a not-found code. */
  Optional<L> read(String id);

  /**
   * Finds it when no id is recorded or the recorded one is gone: by its unique name, then by its
   * {@code provisioner:*} tags. This is what finds the result of a create whose response was lost.
   * Returns empty when the API offers no way (then the create must be idempotent by client token).
   */
  default Optional<L> lookup() {
    return Optional.empty();
  }

  /**
   * Makes it, as specified where the create request allows. The loop records its id right after.
   *
   * <p>Re-entrant: the loop calls it again after throttling or one of the resource's
   * not-yet-visible codes, and a resume calls it again after a crash. A create that makes one call
   * passes a client token where the API has one; a create that starts an asynchronous operation
   * (CreateAccount, EnableControl) records the operation's id before polling and polls that id when
   * it finds one recorded, instead of starting another.
   */
  L create();

  /**
   * The id to record, e.g. a key id or a database identifier; null when there is nothing of this
   * step's own to record (an object without an id of its own, or one the step found but did not
   * make and must leave alone): nothing is then recorded for it.
   */
  String id(L live);

  /** Other values to record with the id, e.g. its ARN, under keys of this resource's choosing. */
  default Map<String, String> recorded(L live) {
    return Map.of();
  }

  /** Its attributes, each compared and applied on its own, in this order. */
  default List<Setting<L>> settings() {
    return List.of();
  }

  /**
   * What the service is still doing to it (e.g. {@code status is modifying}, {@code pending:
   * backup retention 7}); empty when it is settled. The loop waits for empty after a create or an
   * apply, and verify reports a non-empty answer as converging.
   */
  default Optional<String> pending(L live) {
    return Optional.empty();
  }

  /**
   * Why it may not be deleted now (deletion protection, a bucket holding objects...), or empty.
   * The loop asks every resource of a rollback before it deletes any.
   *
   * @param deleteData the operator passed {@code --delete-data}
   */
  default Optional<String> deletionGuard(L live, boolean deleteData) {
    return Optional.empty();
  }

  /** Deletes it (or schedules its deletion). A not-found answer is success. */
  void delete(L live);

  /**
   * True when what was read is only a leftover on its way out (a key pending deletion, a NAT
   * gateway in state deleted, a secret scheduled for deletion). Verify reports it as missing,
   * rollback leaves it alone, converge adopts it (its settings bring it back where the service
   * allows, e.g. a cancelled key deletion); a rollback that waits for deletion waits for this.
   */
  default boolean deleted(L live) {
    return false;
  }

  /** Whether the loop waits for the deletion to finish before deleting what comes before it. */
  default boolean awaitDeletion() {
    return false;
  }
}
