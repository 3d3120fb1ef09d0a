package io.provisioner.steps.data.rds;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The environment's PostgreSQL database (seed 000 §RDS PostgreSQL; seed 004 "Multi-AZ is
 * Non-Negotiable", "Use KMS with RDS", read replicas). In order, each adopted by name when it exists:
 *
 * <ol>
 *   <li>the DB subnet group {@code <identifier>-subnets} over every {@code subnet.data.<az>} of
 *       {@code network.vpc};
 *   <li>the DB parameter group {@code <identifier>-pg<major>} (family {@code postgres<major>}) with
 *       the spec's parameters;
 *   <li>the option group {@code <identifier>-og<major>} when the spec asks for one;
 *   <li>the primary instance: PostgreSQL, storage encrypted with the {@code security.kms} key, the
 *       master password generated and kept by RDS in Secrets Manager (encrypted with the same key;
 *       this tool never sees it), Multi-AZ, backups, maintenance window, deletion protection, copy of
 *       tags to snapshots, Performance Insights (same key), enhanced monitoring with the {@code
 *       rds-monitoring} role of {@code security.iam}, CloudWatch Logs exports, never public, in the
 *       {@code sg.rds} security group, tagged (and {@code backup=true} for AWS Backup);
 *   <li>the read replicas {@code <identifier>-replica-<az>}, one per AZ of the spec.
 * </ol>
 *
 * <p>Drift is converged in place (ModifyDBInstance, {@code ApplyImmediately=true}); what RDS cannot
 * change in place (storage encryption or its key, engine or major downgrade, identifier, master
 * username, subnet group) fails with a message naming the field and what to do.
 *
 * <p>Checkpoints and outputs: {@code instance.identifier}, {@code instance.arn}, {@code
 * endpoint.address}, {@code endpoint.port}, {@code masterSecretArn} (the ARN of the RDS-managed
 * secret, never a value), {@code replica.<az>.identifier}, {@code replica.<az>.arn}, {@code
 * replica.<az>.endpoint}, {@code subnetGroup.name}, {@code parameterGroup.name}, {@code
 * optionGroup.name}; write-ahead intents {@code instance} and {@code replica.<az>} around the creates.
 *
 * <p>Rollback refuses, before deleting anything, when the primary has deletion protection on and the
 * run was not given {@code --delete-data}, or when a replica was promoted to a standalone database.
 * Otherwise it deletes the replicas (no final snapshot: they hold no data of their own), then the
 * primary after a final snapshot {@code <identifier>-final-<UTC yyyyMMddHHmmss>} (turning deletion
 * protection off first when it is on; automated backups are kept), then the option, parameter and
 * subnet groups. The final snapshot is not deleted; its id is logged at info, since the step's record
 * is removed with the rollback.
 */
public final class RdsStep implements Step {
  public static final String ID = "data.rds";

  private static final Logger LOG = LoggerFactory.getLogger(RdsStep.class);

  private final RdsSpec spec;
  private final Clock clock;

  public RdsStep(RdsSpec spec) {
    this(spec, Clock.systemUTC());
  }

  RdsStep(RdsSpec spec, Clock clock) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of(Upstream.KMS, Upstream.IAM, Upstream.VPC, Upstream.SECURITY_GROUPS);
  }

  @Override
  public RdsSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("rds",
        ctx -> ctx.clients().get(RdsClient.class).describeDBInstances(r -> r.maxRecords(20))));
  }

  @Override
  public void create(StepContext ctx) {
    Upstream up = Upstream.of(ctx, spec);
    Parts parts = new Parts(ctx);
    List<String> changes = new ArrayList<>();
    run("converge DB subnet group " + parts.subnets.name(), () -> parts.subnets.converge(up, changes));
    run("converge DB parameter group " + parts.parameters.name(), () -> parts.parameters.converge(changes));
    if (parts.options.wanted()) {
      run("converge option group " + parts.options.name(), () -> parts.options.converge(changes));
    }
    String optionGroup = parts.options.wanted() ? parts.options.name() : null;
    DBInstance primary = call("converge " + parts.primary.label(), () -> parts.primary.converge(
        up, parts.subnets.name(), parts.parameters.name(), optionGroup, changes));
    run("converge the read replicas of " + spec.identifier(), () -> parts.replicas.converge(
        up, primary, parts.subnets.name(), parts.parameters.name(), changes));
    if (changes.isEmpty()) {
      LOG.debug("database in sync [step={}] [instance={}]", ID, spec.identifier());
    } else {
      LOG.info("converged database [step={}] [instance={}] [changes={}]", ID, spec.identifier(),
          String.join("; ", changes));
    }
  }

  @Override
  public Verification verify(StepContext ctx) {
    Upstream up = Upstream.of(ctx, spec);
    Parts parts = new Parts(ctx);
    return call("verify DB instance " + spec.identifier(), () -> {
      Optional<DBInstance> primary = parts.primary.find();
      if (primary.isEmpty()) {
        return Verification.missing("DB instance " + spec.identifier() + " is missing");
      }
      List<String> differences = new ArrayList<>(parts.subnets.verify(up));
      differences.addAll(parts.parameters.verify());
      if (parts.options.wanted()) {
        differences.addAll(parts.options.verify());
      }
      differences.addAll(parts.primary.verify(up, primary.get()));
      differences.addAll(parts.replicas.verify(up));
      return Verification.of(differences);
    });
  }

  @Override
  public void rollback(StepContext ctx) {
    Parts parts = new Parts(ctx);
    run("roll back DB instance " + spec.identifier(), () -> {
      Optional<DBInstance> primary = parts.primary.find();
      Map<String, DBInstance> replicas = parts.replicas.live();
      refuseUnsafeRollback(ctx, primary, replicas);
      parts.replicas.deleteAll(replicas);
      parts.primary.delete(clock).ifPresent(snapshot -> LOG.info(
          "rolled back the database; its final snapshot stays [step={}] [instance={}] [finalSnapshot={}]",
          ID, spec.identifier(), snapshot));
      parts.options.delete();
      parts.parameters.delete();
      parts.subnets.delete();
    });
  }

  /** Throws before anything is deleted when the rollback would destroy data it may not. */
  private static void refuseUnsafeRollback(StepContext ctx, Optional<DBInstance> primary,
      Map<String, DBInstance> replicas) {
    if (primary.isPresent() && Boolean.TRUE.equals(primary.get().deletionProtection()) && !ctx.deleteData()) {
      throw new StepException(ID + ": " + primary.get().dbInstanceIdentifier() + " has deletion protection; "
          + "rollback refuses to delete the database. Run again with --delete-data: it turns deletion protection "
          + "off and deletes it after a final snapshot");
    }
    List<String> promoted = ReadReplicas.promoted(replicas);
    if (!promoted.isEmpty()) {
      throw new StepException(ID + ": " + promoted + " are no longer read replicas (promoted to standalone "
          + "databases); rollback does not delete them or anything else. Delete them yourself, then run again");
    }
  }

  /** The parts of the database, built for one call of create, verify or rollback. */
  private final class Parts {
    final SubnetGroups subnets;
    final ParameterGroups parameters;
    final OptionGroups options;
    final PrimaryInstance primary;
    final ReadReplicas replicas;

    Parts(StepContext ctx) {
      RdsClient rds = ctx.clients().get(RdsClient.class);
      Instances instances = new Instances(ctx, rds);
      subnets = new SubnetGroups(ctx, rds, spec);
      parameters = new ParameterGroups(ctx, rds, spec);
      options = new OptionGroups(ctx, rds, spec);
      primary = new PrimaryInstance(ctx, spec, instances);
      replicas = new ReadReplicas(ctx, spec, instances);
    }
  }

  private static void run(String what, Runnable action) {
    call(what, () -> {
      action.run();
      return null;
    });
  }

  /** Runs an RDS phase; an SDK error becomes a StepException saying what was being done. */
  private static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (SdkException e) {
      throw new StepException(ID + ": " + what + " failed: " + e.getMessage(), e);
    }
  }
}
