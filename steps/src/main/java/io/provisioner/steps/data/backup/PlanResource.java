package io.provisioner.steps.data.backup;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.support.ClientTokens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupPlanInput;
import software.amazon.awssdk.services.backup.model.BackupPlansListMember;
import software.amazon.awssdk.services.backup.model.GetBackupPlanResponse;

/**
 * The environment's backup plan {@code <project>-<env>-plan}: the spec's rules, all targeting the
 * environment's vault.
 *
 * <p>Lookup: the recorded plan id, then the plan name among the live plans (AWS requires plan names
 * to be unique). A deleted plan stays readable in AWS Backup (with a {@code DeletionDate}) and is
 * treated as gone.
 *
 * <p>Idempotency: {@code CreateBackupPlan} gets a {@code CreatorRequestId} from {@link
 * ClientTokens} ("if the request includes a CreatorRequestId that matches an existing backup plan,
 * that plan is returned"). Because deleted plans live on, the token also counts the deleted plans
 * of this name: a retry after a lost response uses the same token, while a create after a rollback
 * uses a new one and cannot be handed the deleted plan back.
 *
 * <p>Converging: when the rules differ, {@code UpdateBackupPlan} replaces the document in place
 * (AWS keeps the plan id and makes a new version, recorded as {@code plan.versionId}); equal rules
 * make no call, so no needless versions pile up.
 */
final class PlanResource implements Resource<GetBackupPlanResponse> {
  static final String KEY = "plan";
  static final String ID = "plan.id";
  static final String ARN = "plan.arn";
  static final String VERSION = "plan.versionId";
  /**
   * API reference: GetBackupPlan, UpdateBackupPlan and DeleteBackupPlan answer {@code
   * ResourceNotFoundException}; CreateBackupPlan answers {@code AlreadyExistsException} for a plan
   * of the same name; DeleteBackupPlan answers {@code InvalidRequestException} while the plan has
   * selections.
   */
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("ResourceNotFoundException")
      .alreadyExists("AlreadyExistsException").notYetVisible("ResourceNotFoundException");
  private static final String HAS_SELECTIONS = "InvalidRequestException";
  /** AWS Backup's CreatorRequestId: 1-50 alphanumeric or '-_.' characters. */
  private static final int TOKEN_LENGTH = 50;

  private final StepContext ctx;
  private final BackupClient backup;
  private final BackupSpec spec;
  private final String name;
  private final String vaultName;

  PlanResource(StepContext ctx, BackupSpec spec, String vaultName) {
    this.ctx = ctx;
    this.backup = ctx.clients().get(BackupClient.class);
    this.spec = spec;
    this.name = BackupNames.plan(ctx);
    this.vaultName = vaultName;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String idKey() {
    return ID;
  }

  @Override
  public String description() {
    return "backup plan " + name;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  /** The plan by id, unless it was deleted. */
  @Override
  public Optional<GetBackupPlanResponse> read(String id) {
    GetBackupPlanResponse plan = backup.getBackupPlan(b -> b.backupPlanId(id));
    return plan.deletionDate() == null ? Optional.of(plan) : Optional.empty();
  }

  /** The oldest live plan of the name. */
  @Override
  public Optional<GetBackupPlanResponse> lookup() {
    return plansNamed(false).stream()
        .filter(p -> p.deletionDate() == null)
        .min(Comparator.comparing(BackupPlansListMember::creationDate, Comparator.nullsLast(Comparator.naturalOrder())))
        .flatMap(p -> read(p.backupPlanId()));
  }

  @Override
  public GetBackupPlanResponse create() {
    long deleted = plansNamed(true).stream().filter(p -> p.deletionDate() != null).count();
    String id = backup.createBackupPlan(b -> b
            .backupPlan(desired())
            .backupPlanTags(ctx.tags().forKey(KEY))
            .creatorRequestId(ClientTokens.of(ctx.env(), BackupStep.ID, name + "#" + deleted, TOKEN_LENGTH)))
        .backupPlanId();
    return backup.getBackupPlan(b -> b.backupPlanId(id));
  }

  @Override
  public String id(GetBackupPlanResponse plan) {
    return plan.backupPlanId();
  }

  @Override
  public Map<String, String> recorded(GetBackupPlanResponse plan) {
    return Map.of(ARN, plan.backupPlanArn(), VERSION, plan.versionId());
  }

  @Override
  public List<Setting<GetBackupPlanResponse>> settings() {
    return List.of(new Rules(), BackupTags.setting(backup, ctx.tags().forKey(KEY), GetBackupPlanResponse::backupPlanArn));
  }

  /**
   * AWS deletes a plan only once its resource selections are gone; those belong to {@code
   * data.backup-selection}, which depends on this step and is therefore rolled back first. When
   * selections are still there (made by hand, or that step was skipped), says so.
   */
  @Override
  public void delete(GetBackupPlanResponse plan) {
    try {
      backup.deleteBackupPlan(b -> b.backupPlanId(plan.backupPlanId()));
    } catch (BackupException e) {
      if (AwsErrors.hasCode(e, HAS_SELECTIONS)) {
        throw new StepException("backup plan " + name + " (" + plan.backupPlanId() + ") cannot be deleted while it "
            + "has resource selections (AWS: " + e.awsErrorDetails().errorMessage() + "); roll back step "
            + BackupSelectionStep.ID + " first, or delete the plan's remaining selections, then run rollback again", e);
      }
      throw e;
    }
  }

  /** The plan's rules, compared by {@link PlanRules}, replaced in place with UpdateBackupPlan. */
  private final class Rules implements Setting<GetBackupPlanResponse> {
    @Override
    public List<String> differences(GetBackupPlanResponse plan) {
      return PlanRules.differences(desired(), plan.backupPlan());
    }

    /** Records the new version at once: the loop records what it found, and this makes a new version. */
    @Override
    public void apply(GetBackupPlanResponse plan) {
      String version = backup.updateBackupPlan(b -> b.backupPlanId(plan.backupPlanId()).backupPlan(desired()))
          .versionId();
      ctx.checkpoints().put(VERSION, version);
    }
  }

  private BackupPlanInput desired() {
    return PlanRules.desired(name, vaultName, spec, ctx.tags().common());
  }

  private List<BackupPlansListMember> plansNamed(boolean includeDeleted) {
    List<BackupPlansListMember> plans = new ArrayList<>();
    for (BackupPlansListMember p : backup.listBackupPlansPaginator(b -> b.includeDeleted(includeDeleted))
        .backupPlansList()) {
      if (name.equals(p.backupPlanName())) {
        plans.add(p);
      }
    }
    return plans;
  }
}
