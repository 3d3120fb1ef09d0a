package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Await;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * A DB instance of the step, the primary or a read replica: found by its identifier, settled when
 * its status is {@code available} (or {@code storage-optimization}, in which it is fully operational
 * for hours) and nothing is pending; deleted with deletion protection turned off first, and waited
 * for until it is gone, since its groups cannot be deleted before.
 */
abstract class InstanceResource extends RdsResource<DBInstance> {
  /** Not visible yet: a group the create names, made a moment before (retried within the eventual-consistency wait). */
  static final ErrorCodes ERRORS = ErrorCodes.notFound("DBInstanceNotFound").alreadyExists("DBInstanceAlreadyExists")
      .notYetVisible("DBSubnetGroupNotFoundFault", "DBParameterGroupNotFound", "OptionGroupNotFoundFault");
  /** Statuses of an instance RDS is not changing. */
  static final Set<String> SETTLED = Set.of("available", "storage-optimization");
  /** Statuses RDS does not leave on its own (RDS User Guide, "Viewing instance status"): waiting would not help. */
  static final Set<String> STUCK = Set.of("stopped", "failed", "storage-full", "incompatible-create",
      "incompatible-network", "incompatible-option-group", "incompatible-parameters", "incompatible-restore",
      "inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable", "insufficient-capacity",
      "restore-error", "delete-precheck", "deleting");
  /** Statuses of an instance on its way out. */
  static final Set<String> DELETING = Set.of("delete-precheck", "deleting");

  private static final Logger LOG = LoggerFactory.getLogger(InstanceResource.class);

  final RdsSpec spec;
  final Supplier<Upstream> up;
  final String identifier;

  InstanceResource(StepContext ctx, RdsClient rds, RdsSpec spec, Supplier<Upstream> up, String identifier, String key,
      String idKey, String kind) {
    super(ctx, rds, key, idKey, kind + " " + identifier, ERRORS);
    this.spec = spec;
    this.up = up;
    this.identifier = identifier;
  }

  /** The tags it should carry. */
  abstract Map<String, String> tags();

  /** Its attributes, built around the one modification that changes them. */
  abstract List<Setting<DBInstance>> attributes(InstanceModification modify);

  /** The DeleteDBInstance request for it; deletion protection is off by then. */
  abstract DeleteDbInstanceRequest deletion(DBInstance live);

  @Override
  public Optional<DBInstance> read(String id) {
    return describe(id);
  }

  @Override
  public Optional<DBInstance> lookup() {
    return describe(identifier);
  }

  @Override
  public String id(DBInstance live) {
    return live.dbInstanceIdentifier();
  }

  /** The status first (a stuck instance fails converge at once), then the attributes, then the tags. */
  @Override
  public List<Setting<DBInstance>> settings() {
    List<Setting<DBInstance>> settings = new ArrayList<>();
    settings.add(new Status(description()));
    settings.addAll(attributes(new InstanceModification(this::settled, rds::modifyDBInstance)));
    settings.add(RdsTags.setting(rds, tags(), DBInstance::dbInstanceArn, DBInstance::tagList));
    return settings;
  }

  /** A status RDS is going through, or modifications it has accepted and not yet applied. */
  @Override
  public Optional<String> pending(DBInstance live) {
    String status = live.dbInstanceStatus();
    if (STUCK.contains(status)) {
      return Optional.empty();
    }
    if (!SETTLED.contains(status)) {
      return Optional.of("status is " + status);
    }
    List<String> values = pendingValues(live.pendingModifiedValues());
    return values.isEmpty() ? Optional.empty() : Optional.of("pending modifications " + values);
  }

  @Override
  public boolean awaitDeletion() {
    return true;
  }

  /** Waits for it to settle, turns deletion protection off when it is on, then deletes it. */
  @Override
  public void delete(DBInstance live) {
    if (DELETING.contains(live.dbInstanceStatus())) {
      return;
    }
    Optional<DBInstance> now = await(live, "to settle before its deletion", i -> pending(i).isEmpty());
    if (now.isPresent() && Boolean.TRUE.equals(now.get().deletionProtection())) {
      rds.modifyDBInstance(b -> b.dbInstanceIdentifier(live.dbInstanceIdentifier()).deletionProtection(false)
          .applyImmediately(true));
      LOG.info("turned deletion protection off [step={}] [instance={}]", RdsStep.ID, live.dbInstanceIdentifier());
      now = await(live, "to show deletion protection off",
          i -> !Boolean.TRUE.equals(i.deletionProtection()) && pending(i).isEmpty());
    }
    if (now.isPresent()) {
      rds.deleteDBInstance(deletion(now.get()));
    }
  }

  /** {@code live} when nothing is pending on it, else as read once nothing is. */
  DBInstance settled(DBInstance live) {
    return await(live, "to settle before it is modified", i -> pending(i).isEmpty()).orElseThrow(
        () -> new StepException(description() + " disappeared while waiting for it to settle; run the same command again"));
  }

  Optional<DBInstance> describe(String id) {
    try {
      return rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().stream()
          .filter(i -> id.equals(i.dbInstanceIdentifier())).findFirst();
    } catch (RdsException e) {
      if (ERRORS.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** {@code live} when {@code done} accepts it; else reads until it does or the instance is gone. */
  private Optional<DBInstance> await(DBInstance live, String what, Predicate<DBInstance> done) {
    if (done.test(live)) {
      return Optional.of(live);
    }
    return Await.until(ctx.waits(), description() + " " + what, () -> describe(live.dbInstanceIdentifier()),
        now -> now.isEmpty() || done.test(now.get()));
  }

  /** The fields of PendingModifiedValues that are set, e.g. {@code BackupRetentionPeriod=7}. */
  static List<String> pendingValues(PendingModifiedValues values) {
    if (values == null) {
      return List.of();
    }
    return values.sdkFields().stream().filter(f -> isSet(f.getValueOrDefault(values)))
        .map(f -> f.memberName() + "=" + f.getValueOrDefault(values)).toList();
  }

  private static boolean isSet(Object value) {
    return value != null && !(value instanceof Collection<?> c && c.isEmpty());
  }

  /** A stuck status is a difference, and converging it fails with what to do: the service will not move on its own. */
  record Status(String description) implements Setting<DBInstance> {
    @Override
    public List<String> differences(DBInstance live) {
      return STUCK.contains(live.dbInstanceStatus())
          ? List.of("status is " + Setting.show(live.dbInstanceStatus()) + ", expected \"available\"") : List.of();
    }

    @Override
    public void apply(DBInstance live) {
      throw new StepException(description + " is " + live.dbInstanceStatus() + ", which " + RdsStep.ID
          + " does not change on its own: bring it back to available (start it, or fix its storage, parameters or key), "
          + "or wait until its deletion has ended, and run the same command again");
    }
  }
}
