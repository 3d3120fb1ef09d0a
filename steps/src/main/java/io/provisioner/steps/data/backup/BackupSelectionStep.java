package io.provisioner.steps.data.backup;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.security.iam.IamStep;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;

/**
 * Which resources the environment's backup plan protects (seed 000 §AWS Backup, "aws_backup_selection
 * to include resources automatically"): the selection {@code <project>-<env>-tagged} on the plan of
 * {@link BackupStep}, assigning every resource tagged {@link BackupSelectionSpec#tagKey()} = {@link
 * BackupSelectionSpec#tagValue()} ({@code Resources = ["*"]} AND {@code Conditions.StringEquals
 * aws:ResourceTag/<key>}), backed up with the Backup service role of {@code security.iam} ({@code
 * role.backup.arn}).
 *
 * <p>Create keeps a matching selection and makes no call then. AWS cannot update a selection, so a
 * differing one (another role, another tag) is deleted and created again: a selection holds no
 * data, its recovery points stay in the vault (see {@link SelectionResource}).
 *
 * <p>Written on the resource kernel: one {@link SelectionResource} on the plan {@link BackupStep}
 * publishes. Checkpoints: {@code selection.id}, and {@code selection.planId}, the plan it is on.
 *
 * <p>Rollback deletes the selection (and any other of its name on the plan) on the plan it was
 * made on; not found is done. It runs before {@link BackupStep}'s rollback, whose plan AWS deletes
 * only without selections.
 */
public final class BackupSelectionStep extends ResourceStep {
  public static final String ID = "data.backup-selection";
  /**
   * The probe's service name. Distinct from {@link BackupStep}'s {@code backup}: the orchestrator
   * caches a probe's verdict per service name, and an emulator may implement vaults and plans but
   * not selections (moto 5.2.1 is such an emulator).
   */
  public static final String PROBE_SERVICE = "backup-selections";
  /** A well-formed plan id no account has: the probe's question needs one. */
  static final String PROBE_PLAN_ID = "00000000-0000-0000-0000-000000000000";

  private final BackupSelectionSpec spec;

  public BackupSelectionStep(BackupSelectionSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<OutputRef<?>> references() {
    return List.of(BackupStep.OUTPUTS, IamStep.OUTPUTS);
  }

  @Override
  public BackupSelectionSpec spec() {
    return spec;
  }

  /**
   * {@code ListBackupSelections} on a plan id that does not exist. AWS answers {@code
   * ResourceNotFoundException} (or an empty list): the API is there, the probe passes. An endpoint
   * without the API answers otherwise (moto 5.2.1: HTTP 500 with an HTML page and no error code),
   * which the probe lets through for the orchestrator's preflight to judge.
   */
  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe(PROBE_SERVICE, ctx -> {
      try {
        ctx.clients().get(BackupClient.class)
            .listBackupSelections(r -> r.backupPlanId(PROBE_PLAN_ID).maxResults(1));
      } catch (BackupException e) {
        if (!AwsErrors.hasCode(e, "ResourceNotFoundException")) {
          throw e;
        }
      }
    }));
  }

  @Override
  protected void reconcile(Reconciler loop) {
    Checkpointed.ensure(loop, new SelectionResource(loop.context(), spec, planId(loop)), SelectionResource.PLAN_ID);
  }

  /**
   * The plan of {@link BackupStep}; a rollback prefers the plan the selection was made on. Null
   * when there is none to look at (verify and rollback only).
   */
  private static String planId(Reconciler loop) {
    StepContext ctx = loop.context();
    if (loop.mode() == Reconciler.Mode.CONVERGE) {
      return ctx.read(BackupStep.OUTPUTS).planId();
    }
    Optional<String> published = ctx.find(BackupStep.OUTPUTS).map(BackupOutputs::planId);
    Optional<String> planId = loop.mode() == Reconciler.Mode.DELETE
        ? ctx.checkpoints().get(SelectionResource.PLAN_ID).or(() -> published) : published;
    return planId.orElse(null);
  }
}
