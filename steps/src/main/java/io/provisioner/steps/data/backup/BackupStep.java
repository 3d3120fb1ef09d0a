package io.provisioner.steps.data.backup;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.backup.BackupClient;

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
 * <p>Checkpoints and outputs: {@code vault.name}, {@code vault.arn}, {@code plan.id}, {@code
 * plan.arn}, {@code plan.versionId}.
 *
 * <p>Rollback deletes the plan, then the vault. A plan with resource selections cannot be deleted;
 * the selection step depends on this one, so a full rollback removes them first. A vault holding
 * recovery points (backups) is emptied and deleted only with {@code --delete-data}; without it
 * rollback stops and says how many recovery points the vault holds.
 */
public final class BackupStep implements Step {
  public static final String ID = "data.backup";
  /** What this step publishes, for the steps that read it. */
  public static final io.provisioner.steps.OutputRef<BackupOutputs> OUTPUTS =
      io.provisioner.steps.OutputRef.of(ID, BackupOutputs.class);

  private final BackupSpec spec;

  public BackupStep(BackupSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of(KmsStep.ID);
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
  public void create(StepContext ctx) {
    String keyArn = ctx.outputsOf(KmsStep.ID).require("keyArn");
    Vault vault = vault(ctx);
    try {
      vault.converge(keyArn);
      plan(ctx, vault).converge();
    } catch (SdkException e) {
      throw new StepException("creating backup vault " + vault.name() + " and its plan failed: " + e.getMessage(), e);
    }
    ctx.publish(BackupOutputs.of(ctx.checkpoints().all()));
  }

  @Override
  public Verification verify(StepContext ctx) {
    String keyArn = ctx.outputsOf(KmsStep.ID).get("keyArn").orElse(null);
    Vault vault = vault(ctx);
    try {
      Verification vaultState = vault.verify(keyArn);
      Verification planState = plan(ctx, vault).verify();
      List<String> differences = new ArrayList<>(vaultState.differences());
      differences.addAll(planState.differences());
      if (vaultState.status() == Verification.Status.MISSING && planState.status() == Verification.Status.MISSING) {
        return new Verification(Verification.Status.MISSING, differences);
      }
      return Verification.of(differences);
    } catch (SdkException e) {
      throw new StepException("verifying backup vault " + vault.name() + " and its plan failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void rollback(StepContext ctx) {
    Vault vault = vault(ctx);
    try {
      plan(ctx, vault).rollback();
      vault.rollback();
    } catch (SdkException e) {
      throw new StepException("rolling back backup vault " + vault.name() + " and its plan failed: " + e.getMessage(),
          e);
    }
  }

  private static Vault vault(StepContext ctx) {
    return new Vault(ctx, ctx.clients().get(BackupClient.class));
  }

  private Plan plan(StepContext ctx, Vault vault) {
    return new Plan(ctx, ctx.clients().get(BackupClient.class), spec, vault.name());
  }
}
