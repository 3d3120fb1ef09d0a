package io.provisioner.steps.data.backup;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.support.ClientTokens;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupSelection;
import software.amazon.awssdk.services.backup.model.BackupSelectionsListMember;

/**
 * The resource selection {@code <project>-<env>-tagged} on the environment's backup plan.
 *
 * <p>Lookup is by name among the plan's selections ({@code ListBackupSelections}), each read with
 * {@code GetBackupSelection}; the recorded id only helps rollback. {@code CreateBackupSelection}
 * gets a {@code CreatorRequestId} from {@link ClientTokens} over the plan id and the whole document,
 * so a retry after a lost response is answered with the selection already made, while a replacement
 * (another document) is a new request.
 *
 * <p><b>Replacing is right here, and only here.</b> AWS Backup has no call to update a selection:
 * a changed role or tag condition can only be applied by deleting the selection and creating it
 * again. A selection holds no data — it is only the rule "back up these resources with this role";
 * the recovery points it led to live in the vault and are untouched — so replacing it loses nothing
 * but the moment between the two calls. It is deleted first and then created, so two selections
 * never assign resources at once; a crash in between leaves none, and the next run creates it.
 */
final class Selection {
  static final String ID = "selection.id";
  static final String PLAN_ID = "selection.planId";
  static final String ROLE_OUTPUT = "role.backup.arn";

  private static final Logger LOG = LoggerFactory.getLogger(Selection.class);
  /** AWS Backup's CreatorRequestId: 1-50 alphanumeric or '-_.' characters. */
  private static final int TOKEN_LENGTH = 50;

  private final StepContext ctx;
  private final BackupClient backup;
  private final BackupSelectionSpec spec;
  private final String name;

  /** A selection of our name on the plan, with its document. */
  private record Found(String id, BackupSelection document) {}

  Selection(StepContext ctx, BackupClient backup, BackupSelectionSpec spec) {
    this.ctx = ctx;
    this.backup = backup;
    this.spec = spec;
    this.name = BackupNames.selection(ctx);
  }

  String name() {
    return name;
  }

  // ---------------------------------------------------------------- create

  /** Keeps a matching selection, replaces differing ones, creates it when there is none. */
  void converge() {
    String planId = ctx.outputsOf(BackupStep.ID).require(Plan.ID);
    String roleArn = ctx.outputsOf(IamStep.ID).require(ROLE_OUTPUT);
    BackupSelection desired = SelectionDocument.desired(name, roleArn, spec);
    Found keep = null;
    for (Found found : named(planId)) {
      List<String> differences = SelectionDocument.differences(desired, found.document());
      if (keep == null && differences.isEmpty()) {
        keep = found;
      } else {
        delete(planId, found.id());
        LOG.info("deleted backup selection to replace it [step={}] [selection={}] [id={}] [reason={}]",
            BackupSelectionStep.ID, name, found.id(),
            differences.isEmpty() ? "duplicate of " + keep.id() : String.join("; ", differences));
      }
    }
    if (keep != null) {
      record(keep.id(), planId);
      return;
    }
    String id = create(planId, desired);
    record(id, planId);
  }

  private String create(String planId, BackupSelection desired) {
    String token = ClientTokens.of(ctx.env(), BackupSelectionStep.ID,
        name + "@" + planId + "#" + SelectionDocument.View.of(desired).canonical(), TOKEN_LENGTH);
    try {
      String id = backup.createBackupSelection(b -> b.backupPlanId(planId).backupSelection(desired)
          .creatorRequestId(token)).selectionId();
      LOG.info("created backup selection [step={}] [selection={}] [id={}] [planId={}]",
          BackupSelectionStep.ID, name, id, planId);
      return id;
    } catch (BackupException e) {
      if (!AwsErrors.isAlreadyExists(e)) {
        throw e;
      }
      return named(planId).stream()
          .filter(f -> SelectionDocument.differences(desired, f.document()).isEmpty())
          .map(Found::id).findFirst()
          .orElseThrow(() -> new StepException("creating backup selection " + name + " on plan " + planId
              + " was refused because it already exists, but no matching selection of that name is listed ("
              + e.awsErrorDetails().errorMessage() + "); run 'up' again", e));
    }
  }

  // ---------------------------------------------------------------- verify

  Verification verify() {
    Optional<String> planId = ctx.outputsOf(BackupStep.ID).get(Plan.ID);
    if (planId.isEmpty()) {
      return Verification.missing("backup selection " + name + " is missing: step " + BackupStep.ID
          + " has recorded no backup plan");
    }
    List<Found> named = named(planId.get());
    if (named.isEmpty()) {
      return Verification.missing("backup selection " + name + " is missing on plan " + planId.get());
    }
    Optional<String> roleArn = ctx.outputsOf(IamStep.ID).get(ROLE_OUTPUT);
    if (roleArn.isEmpty()) {
      return Verification.drifted(List.of("backup selection " + name + ": step " + IamStep.ID
          + " has recorded no " + ROLE_OUTPUT + " to compare its IAM role with"));
    }
    BackupSelection desired = SelectionDocument.desired(name, roleArn.get(), spec);
    List<String> differences = new ArrayList<>();
    boolean anyMatches = named.stream()
        .anyMatch(f -> SelectionDocument.differences(desired, f.document()).isEmpty());
    if (!anyMatches) {
      Found first = named.get(0);
      String prefix = "backup selection " + name + " (" + first.id() + "): ";
      SelectionDocument.differences(desired, first.document()).forEach(d -> differences.add(prefix + d));
    }
    if (named.size() > 1) {
      differences.add("plan " + planId.get() + " has " + named.size() + " selections named " + name
          + ", expected one");
    }
    return Verification.of(differences);
  }

  // ---------------------------------------------------------------- rollback

  /** Deletes the recorded selection and any other of our name on the plan; not found is done. */
  void rollback() {
    Optional<String> planId = ctx.checkpoints().get(PLAN_ID).or(() -> ctx.outputsOf(BackupStep.ID).get(Plan.ID));
    if (planId.isPresent()) {
      Set<String> ids = new LinkedHashSet<>();
      ctx.checkpoints().get(ID).ifPresent(ids::add);
      listNamed(planId.get()).forEach(member -> ids.add(member.selectionId()));
      for (String id : ids) {
        delete(planId.get(), id);
        LOG.info("deleted backup selection [step={}] [selection={}] [id={}]", BackupSelectionStep.ID, name, id);
      }
    }
    ctx.checkpoints().remove(ID);
    ctx.checkpoints().remove(PLAN_ID);
  }

  // ---------------------------------------------------------------- lookup

  /** The plan's selections of our name with their documents; none when the plan is gone. */
  private List<Found> named(String planId) {
    List<Found> found = new ArrayList<>();
    for (BackupSelectionsListMember member : listNamed(planId)) {
      try {
        BackupSelection document = backup.getBackupSelection(b -> b.backupPlanId(planId)
            .selectionId(member.selectionId())).backupSelection();
        found.add(new Found(member.selectionId(), document));
      } catch (BackupException e) {
        if (!AwsErrors.hasCode(e, "ResourceNotFoundException")) {
          throw e;
        }
      }
    }
    return found;
  }

  private List<BackupSelectionsListMember> listNamed(String planId) {
    List<BackupSelectionsListMember> members = new ArrayList<>();
    try {
      for (BackupSelectionsListMember member : backup.listBackupSelectionsPaginator(b -> b.backupPlanId(planId))
          .backupSelectionsList()) {
        if (name.equals(member.selectionName())) {
          members.add(member);
        }
      }
    } catch (BackupException e) {
      if (!AwsErrors.hasCode(e, "ResourceNotFoundException")) {
        throw e;
      }
    }
    return members;
  }

  private void delete(String planId, String selectionId) {
    try {
      backup.deleteBackupSelection(b -> b.backupPlanId(planId).selectionId(selectionId));
    } catch (BackupException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  private void record(String id, String planId) {
    remember(ID, id);
    remember(PLAN_ID, planId);
  }

  private void remember(String key, String value) {
    if (!ctx.checkpoints().get(key).filter(value::equals).isPresent()) {
      ctx.checkpoints().put(key, value);
    }
  }
}
