/**
 * The resource kernel: a step is written as a list of {@link io.provisioner.steps.kernel.Resource
 * resources that describe themselves}, and one loop, the {@link
 * io.provisioner.steps.kernel.Reconciler}, gives the step its create (converge), verify (the
 * differences) and rollback.
 *
 * <p>Vocabulary:
 *
 * <ul>
 *   <li><b>Resource</b>: one cloud object of a step. It says how it is read by its recorded id, how
 *       it is looked up when no id is recorded (unique name, then tags), its create request, its
 *       settings, its delete, its error codes, and what "still settling" looks like.
 *   <li><b>Setting</b>: one attribute of a resource, with read-compare ({@link
 *       io.provisioner.steps.kernel.Setting#differences}) and apply. Each attribute is compared in
 *       exactly one place, which both verify and converge use.
 *   <li><b>Reconciler</b>: the loop. Converge finds or creates each resource (write-ahead intent
 *       before the create, id checkpointed right after), applies the settings that differ, and waits
 *       until the new values are observed and nothing is pending. Verify finds and compares only.
 *       Delete finds, checks every guard before deleting anything, then deletes in reverse order.
 *   <li><b>ErrorCodes</b>: a resource's own not-found, already-exists and not-yet-visible codes;
 *       no global suffix rules.
 *   <li><b>Await</b>: bounded waiting on the SDK's generic {@link
 *       software.amazon.awssdk.core.waiters.Waiter}, configured from {@link io.provisioner.steps.Waits}.
 * </ul>
 */
package io.provisioner.steps.kernel;
