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
 *
 * <h2>AWS rules the loop relies on</h2>
 *
 * <ul>
 *   <li>Modifications are asynchronous: after ModifyDBInstance or ModifyReplicationGroup the
 *       resource may still show {@code available} and its old values for a while (RDS User Guide
 *       "Modifying an Amazon RDS DB instance", ElastiCache API reference "ModifyReplicationGroup",
 *       ApplyImmediately). So the loop waits until every applied setting shows no difference and
 *       {@code pending()} is empty, never only for a status. Test: {@code
 *       ReconcilerTest.converge_afterAModification_waitsUntilTheNewValueIsObserved_notJustAvailable}.
 *   <li>A create whose response is lost may still have happened (AWS SDK Developer Guide, retries;
 *       EC2 API reference "Ensuring idempotency"): the loop records the intent first and looks the
 *       resource up before creating again. Test: {@code
 *       ReconcilerTest.converge_afterALostCreateResponse_adoptsWhatTheServiceMade_insteadOfATwin}.
 *   <li>Throttling answers are retried with back-off (AWS General Reference "Error retries and
 *       exponential backoff"); other errors are not, except each resource's documented
 *       eventual-consistency codes. Test: {@code AwaitTest.until_retriesThrottling_butEndsAtOnceOnAnyOtherError}.
 * </ul>
 */
package io.provisioner.steps.kernel;
