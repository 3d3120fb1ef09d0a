package io.provisioner.steps.data.backup;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.GetBackupPlanResponse;

/**
 * The environment's AWS Backup vault and plan (seed 000 §AWS Backup): the vault {@code
 * <project>-<env>-vault} encrypted with the key of {@code security.kms}, and the plan {@code
 * <project>-<env>-plan} whose rules (schedule, start and completion windows, cold storage,
 * retention, recovery point tags) come from {@link BackupSpec} and all store into that vault. Which
 * resources the plan backs up is {@link BackupSelectionStep}'s concern.
 *
 * <p>Create adopts a vault or plan of the same name, creates what is missing, tags both, and
 * updates the plan's rules in place ({@code UpdateBackupPlan}, a new plan version) only when they
 * differ from the spec. A vault encrypted with another key cannot be converged: AWS cannot change a
 * vault's key, so create fails naming it.
 *
 * <p>Written on the resource kernel: a {@link VaultResource}, then a {@link PlanResource}.
 * Checkpoints: {@code vault.name}, {@code vault.arn}, {@code plan.id}, {@code plan.arn}, {@code
 * plan.versionId}. Publishes {@link BackupOutputs}.
 *
 * <p>Rollback checks the vault first: one holding recovery points (backups) is emptied and deleted
 * only with {@code --delete-data}; without it rollback deletes nothing and says how many recovery
 * points the vault holds. Then it deletes the plan, then the vault. A plan with resource selections
 * cannot be deleted; the selection step depends on this one, so a full rollback removes them first.
 */
public final class BackupStep extends ResourceStep {
  public static final String ID = "data.backup";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<BackupOutputs> OUTPUTS = OutputRef.of(ID, BackupOutputs.class);

  private final BackupSpec spec;

  public BackupStep(BackupSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<OutputRef<?>> references() {
    return List.of(KmsStep.OUTPUTS);
  }

  @Override
  public BackupSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("backup",
        ctx -> ctx.clients().get(BackupClient.class).listBackupVaults(r -> r.maxResults(1))));
  }

  @Override
  protected void reconcile(Reconciler loop) {
    VaultResource vaultResource = new VaultResource(loop.context());
    Optional<DescribeBackupVaultResponse> vault = Checkpointed.ensure(loop, vaultResource, VaultResource.ARN);
    Optional<GetBackupPlanResponse> plan = Checkpointed.ensure(loop,
        new PlanResource(loop.context(), spec, vaultResource.name()), PlanResource.ARN, PlanResource.VERSION);
    if (vault.isPresent() && plan.isPresent()) {
      loop.publish(new BackupOutputs(vault.get().backupVaultName(), vault.get().backupVaultArn(),
          plan.get().backupPlanId(), plan.get().backupPlanArn()));
    }
  }
}
