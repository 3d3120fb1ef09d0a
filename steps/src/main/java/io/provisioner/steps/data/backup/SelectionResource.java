package io.provisioner.steps.data.backup;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.support.ClientTokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupSelection;
import software.amazon.awssdk.services.backup.model.BackupSelectionsListMember;

/**
 * The resource selection {@code <project>-<env>-tagged} on the environment's backup plan. What is
 * read is every selection of that name on the plan ({@code ListBackupSelections}, each read with
 * {@code GetBackupSelection}), the recorded one first: normally exactly one.
 *
 * <p>{@code CreateBackupSelection} gets a {@code CreatorRequestId} from {@link ClientTokens} over
 * the plan id and the whole document, so a retry after a lost response is answered with the
 * selection already made, while a replacement (another document) is a new request.
 *
 * <p><b>Replacing is right here, and only here.</b> AWS Backup has no call to update a selection:
 * a changed role or tag condition can only be applied by deleting the selection and creating it
 * again. A selection holds no data — it is only the rule "back up these resources with this role";
 * the recovery points it led to live in the vault and are untouched — so replacing it loses nothing
 * but the moment between the two calls. It is deleted first and then created, so two selections
 * never assign resources at once; a crash in between leaves none, and the next run creates it.
 */
final class SelectionResource implements Resource<SelectionResource.Named> {
  static final String KEY = "selection";
  static final String ID = "selection.id";
  static final String PLAN_ID = "selection.planId";
  /** The role of {@code security.iam.roles} the selection backs up with. */
  static final String BACKUP_ROLE = "backup";
  /**
   * API reference: GetBackupSelection, ListBackupSelections and DeleteBackupSelection answer {@code
   * ResourceNotFoundException} (also for a plan that is gone); CreateBackupSelection answers {@code
   * AlreadyExistsException}.
   */
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("ResourceNotFoundException")
      .alreadyExists("AlreadyExistsException");
  /** AWS Backup's CreatorRequestId: 1-50 alphanumeric or '-_.' characters. */
  private static final int TOKEN_LENGTH = 50;

  /** One selection of our name, with its document. */
  record Found(String id, BackupSelection document) {}

  /** The selections of our name on the plan, the recorded one first; never empty. */
  record Named(String planId, List<Found> all) {}

  private final StepContext ctx;
  private final BackupClient backup;
  private final BackupSelectionSpec spec;
  private final String name;
  private final String planId;

  /** @param planId the plan the selection is on; null when there is none to look at */
  SelectionResource(StepContext ctx, BackupSelectionSpec spec, String planId) {
    this.ctx = ctx;
    this.backup = ctx.clients().get(BackupClient.class);
    this.spec = spec;
    this.name = BackupNames.selection(ctx);
    this.planId = planId;
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
    return "backup selection " + name + (planId == null ? "" : " on plan " + planId);
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<Named> read(String id) {
    return named(Optional.of(id));
  }

  @Override
  public Optional<Named> lookup() {
    return named(Optional.empty());
  }

  @Override
  public Named create() {
    BackupSelection desired = desired();
    return new Named(planId, List.of(new Found(create(desired), desired)));
  }

  @Override
  public String id(Named named) {
    return named.all().get(0).id();
  }

  @Override
  public Map<String, String> recorded(Named named) {
    return Map.of(PLAN_ID, named.planId());
  }

  @Override
  public List<Setting<Named>> settings() {
    return List.of(new Document());
  }

  @Override
  public void delete(Named named) {
    named.all().forEach(found -> delete(found.id()));
  }

  /**
   * The one selection of our name, as the spec says. Converging keeps the first that matches and
   * deletes the others; when none matches, it deletes them all, then creates it anew.
   */
  private final class Document implements Setting<Named> {
    @Override
    public List<String> differences(Named named) {
      BackupSelection desired = desired();
      List<String> result = new ArrayList<>();
      if (matching(named, desired).isEmpty()) {
        result.addAll(SelectionDocument.differences(desired, named.all().get(0).document()));
      }
      if (named.all().size() > 1) {
        result.add("plan " + named.planId() + " has " + named.all().size() + " selections named " + name
            + ", expected one");
      }
      return result;
    }

    /** Records the id it keeps or makes at once: the loop records what it found, which this may delete. */
    @Override
    public void apply(Named named) {
      BackupSelection desired = desired();
      Optional<Found> keep = matching(named, desired);
      for (Found found : named.all()) {
        if (keep.isEmpty() || keep.get() != found) {
          delete(found.id());
        }
      }
      ctx.checkpoints().put(ID, keep.isPresent() ? keep.get().id() : create(desired));
    }
  }

  private Optional<Found> matching(Named named, BackupSelection desired) {
    return named.all().stream().filter(f -> SelectionDocument.differences(desired, f.document()).isEmpty()).findFirst();
  }

  private BackupSelection desired() {
    return SelectionDocument.desired(name, ctx.read(IamStep.OUTPUTS).roleArn(BACKUP_ROLE), spec);
  }

  private String create(BackupSelection desired) {
    String token = ClientTokens.of(ctx.env(), BackupSelectionStep.ID,
        name + "@" + planId + "#" + SelectionDocument.View.of(desired).canonical(), TOKEN_LENGTH);
    return backup.createBackupSelection(b -> b.backupPlanId(planId).backupSelection(desired).creatorRequestId(token))
        .selectionId();
  }

  /** The recorded selection (when given and still there) and every other of our name on the plan. */
  private Optional<Named> named(Optional<String> recordedId) {
    if (planId == null) {
      return Optional.empty();
    }
    Map<String, Found> found = new LinkedHashMap<>();
    recordedId.flatMap(this::get).ifPresent(f -> found.put(f.id(), f));
    for (BackupSelectionsListMember member : backup.listBackupSelectionsPaginator(b -> b.backupPlanId(planId))
        .backupSelectionsList()) {
      if (name.equals(member.selectionName()) && !found.containsKey(member.selectionId())) {
        get(member.selectionId()).ifPresent(f -> found.put(f.id(), f));
      }
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(new Named(planId, List.copyOf(found.values())));
  }

  private Optional<Found> get(String id) {
    try {
      return Optional.of(new Found(id,
          backup.getBackupSelection(b -> b.backupPlanId(planId).selectionId(id)).backupSelection()));
    } catch (BackupException e) {
      if (ERRORS.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void delete(String id) {
    try {
      backup.deleteBackupSelection(b -> b.backupPlanId(planId).selectionId(id));
    } catch (BackupException e) {
      if (!ERRORS.isNotFound(e)) {
        throw e;
      }
    }
  }
}
