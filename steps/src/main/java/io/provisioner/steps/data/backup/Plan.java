package io.provisioner.steps.data.backup;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.support.ClientTokens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupPlanInput;
import software.amazon.awssdk.services.backup.model.BackupPlansListMember;
import software.amazon.awssdk.services.backup.model.CreateBackupPlanResponse;
import software.amazon.awssdk.services.backup.model.GetBackupPlanResponse;
import software.amazon.awssdk.services.backup.model.UpdateBackupPlanResponse;

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
final class Plan {
  static final String LOGICAL_KEY = "plan";
  static final String ID = "plan.id";
  static final String ARN = "plan.arn";
  static final String VERSION = "plan.versionId";

  private static final Logger LOG = LoggerFactory.getLogger(Plan.class);
  /** AWS Backup's CreatorRequestId: 1-50 alphanumeric or '-_.' characters. */
  private static final int TOKEN_LENGTH = 50;

  private final StepContext ctx;
  private final BackupClient backup;
  private final BackupSpec spec;
  private final String name;
  private final String vaultName;

  Plan(StepContext ctx, BackupClient backup, BackupSpec spec, String vaultName) {
    this.ctx = ctx;
    this.backup = backup;
    this.spec = spec;
    this.name = BackupNames.plan(ctx);
    this.vaultName = vaultName;
  }

  // ---------------------------------------------------------------- create

  /** Adopts or creates the plan, updates its rules when they differ, tags it. */
  void converge() {
    BackupPlanInput desired = desired();
    GetBackupPlanResponse plan = locate().orElse(null);
    if (plan == null) {
      plan = create(desired);
      if (plan == null) {
        return;
      }
    }
    record(plan.backupPlanId(), plan.backupPlanArn(), plan.versionId());
    List<String> differences = PlanRules.differences(desired, plan.backupPlan());
    if (!differences.isEmpty()) {
      String id = plan.backupPlanId();
      UpdateBackupPlanResponse updated = backup.updateBackupPlan(b -> b.backupPlanId(id).backupPlan(desired));
      remember(VERSION, updated.versionId());
      LOG.info("updated backup plan rules [step={}] [plan={}] [id={}] [versionId={}] [changes={}]",
          BackupStep.ID, name, id, updated.versionId(), String.join("; ", differences));
    }
    String arn = plan.backupPlanArn();
    Map<String, String> missing = BackupTags.missing(expectedTags(), BackupTags.of(backup, arn));
    if (!missing.isEmpty()) {
      backup.tagResource(b -> b.resourceArn(arn).tags(missing));
      LOG.info("tagged backup plan [step={}] [plan={}] [tags={}]", BackupStep.ID, name, missing.keySet());
    }
  }

  /** Creates the plan; null when created, the existing plan when AWS answered that it exists. */
  private GetBackupPlanResponse create(BackupPlanInput desired) {
    String token = ClientTokens.of(ctx.env(), BackupStep.ID, name + "#" + deletedPlansNamed(), TOKEN_LENGTH);
    try {
      CreateBackupPlanResponse created = backup.createBackupPlan(b -> b
          .backupPlan(desired)
          .backupPlanTags(expectedTags())
          .creatorRequestId(token));
      record(created.backupPlanId(), created.backupPlanArn(), created.versionId());
      LOG.info("created backup plan [step={}] [plan={}] [id={}]", BackupStep.ID, name, created.backupPlanId());
      return null;
    } catch (BackupException e) {
      if (!AwsErrors.isAlreadyExists(e)) {
        throw e;
      }
      return livePlanNamed().orElseThrow(() -> new StepException("creating backup plan " + name
          + " was refused because a plan with the same name or document already exists, but no live plan named "
          + name + " is listed (" + e.awsErrorDetails().errorMessage() + "); delete or rename the conflicting "
          + "plan and run 'up' again", e));
    }
  }

  // ---------------------------------------------------------------- verify

  Verification verify() {
    Optional<GetBackupPlanResponse> found = locate();
    if (found.isEmpty()) {
      return Verification.missing("backup plan " + name + " is missing");
    }
    GetBackupPlanResponse plan = found.get();
    String prefix = "backup plan " + name + " (" + plan.backupPlanId() + "): ";
    List<String> differences = new ArrayList<>();
    PlanRules.differences(desired(), plan.backupPlan()).forEach(d -> differences.add(prefix + d));
    differences.addAll(BackupTags.differences(prefix, expectedTags(), BackupTags.of(backup, plan.backupPlanArn())));
    return Verification.of(differences);
  }

  // ---------------------------------------------------------------- rollback

  /**
   * Deletes the plan. AWS deletes a plan only once its resource selections are gone; those belong to
   * {@code data.backup-selection}, which depends on this step and is therefore rolled back first.
   * When selections are still there (made by hand, or that step was skipped), says so.
   */
  void rollback() {
    Optional<GetBackupPlanResponse> found = locate();
    if (found.isPresent()) {
      String id = found.get().backupPlanId();
      try {
        backup.deleteBackupPlan(b -> b.backupPlanId(id));
        LOG.info("deleted backup plan [step={}] [plan={}] [id={}]", BackupStep.ID, name, id);
      } catch (BackupException e) {
        if (AwsErrors.hasCode(e, "InvalidRequestException")) {
          throw new StepException("backup plan " + name + " (" + id + ") cannot be deleted while it has resource "
              + "selections (AWS: " + e.awsErrorDetails().errorMessage() + "); roll back step "
              + BackupSelectionStep.ID + " first, or delete the plan's remaining selections, then run rollback again",
              e);
        }
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
    }
    ctx.checkpoints().remove(VERSION);
    ctx.checkpoints().remove(ARN);
    ctx.checkpoints().remove(ID);
  }

  // ---------------------------------------------------------------- lookup

  /** The live plan: by recorded id, then by name. */
  private Optional<GetBackupPlanResponse> locate() {
    Optional<GetBackupPlanResponse> recorded = ctx.checkpoints().get(ID).flatMap(this::live);
    return recorded.isPresent() ? recorded : livePlanNamed();
  }

  private Optional<GetBackupPlanResponse> livePlanNamed() {
    return plansNamed(false).stream()
        .filter(p -> p.deletionDate() == null)
        .min(Comparator.comparing(BackupPlansListMember::creationDate, Comparator.nullsLast(Comparator.naturalOrder())))
        .flatMap(p -> live(p.backupPlanId()));
  }

  private int deletedPlansNamed() {
    return (int) plansNamed(true).stream().filter(p -> p.deletionDate() != null).count();
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

  /** The plan by id, unless it does not exist or was deleted. */
  private Optional<GetBackupPlanResponse> live(String id) {
    try {
      GetBackupPlanResponse plan = backup.getBackupPlan(b -> b.backupPlanId(id));
      return plan.deletionDate() == null ? Optional.of(plan) : Optional.empty();
    } catch (BackupException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- helpers

  private BackupPlanInput desired() {
    return PlanRules.desired(name, vaultName, spec, ctx.tags().common());
  }

  private Map<String, String> expectedTags() {
    return ctx.tags().forKey(LOGICAL_KEY);
  }

  private void record(String id, String arn, String versionId) {
    remember(ID, id);
    remember(ARN, arn);
    remember(VERSION, versionId);
  }

  private void remember(String key, String value) {
    if (!ctx.checkpoints().get(key).filter(value::equals).isPresent()) {
      ctx.checkpoints().put(key, value);
    }
  }
}
