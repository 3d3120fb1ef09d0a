package io.provisioner.steps.data.rds;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Reconciler.Mode;
import io.provisioner.steps.kernel.ResourceStep;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The environment's PostgreSQL database (seed 000 §RDS PostgreSQL; seed 004 "Multi-AZ is
 * Non-Negotiable", "Use KMS with RDS", read replicas), on the resource kernel. In order:
 *
 * <ol>
 *   <li>{@link SubnetGroupResource} {@code <identifier>-subnets} over the data subnets of {@code network.vpc};
 *   <li>{@link ParameterGroupResource} {@code <identifier>-pg<major>} with the spec's parameters;
 *   <li>{@link OptionGroupResource} {@code <identifier>-og<major>}, when the spec asks for one;
 *   <li>{@link PrimaryResource}: Multi-AZ, encrypted with the {@code security.kms} key, password kept
 *       by RDS, backups, windows, deletion protection, Performance Insights, enhanced monitoring with
 *       the {@code rds-monitoring} role of {@code security.iam}, log exports, private, in {@code sg.rds};
 *   <li>a {@link ReplicaResource} {@code <identifier>-replica-<az>} per AZ of the spec. A replica
 *       recorded but no longer in the spec is reported by verify and deleted by converge.
 * </ol>
 *
 * <p>Drift is converged in place by one ModifyDBInstance ({@link InstanceModification}); what RDS
 * cannot change in place fails with a message naming the field and what to do ({@link InstanceSettings}).
 * Rollback asks every guard first (deletion protection without {@code --delete-data}, a promoted
 * replica), then deletes the replicas, the primary after a final snapshot, and the groups.
 *
 * <p>Checkpoints, kept as environments built before have them: {@code subnetGroup.name}, {@code
 * parameterGroup.name}, {@code optionGroup.name}, {@code instance.identifier}, {@code instance.arn},
 * {@code endpoint.address}, {@code endpoint.port}, {@code masterSecretArn}, {@code
 * replica.<az>.identifier|arn|endpoint}; intents {@code instance} and {@code replica.<az>}.
 * Publishes {@link RdsOutputs}.
 */
public final class RdsStep extends ResourceStep {
  public static final String ID = "data.rds";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<RdsOutputs> OUTPUTS = OutputRef.of(ID, RdsOutputs.class);

  private final RdsSpec spec;

  public RdsStep(RdsSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<OutputRef<?>> references() {
    return Upstream.references(spec);
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
  protected void reconcile(Reconciler loop) {
    StepContext ctx = loop.context();
    RdsClient rds = ctx.clients().get(RdsClient.class);
    Supplier<Upstream> up = Upstream.lazy(ctx, spec);
    loop.ensure(new SubnetGroupResource(ctx, rds, spec, up));
    loop.ensure(new ParameterGroupResource(ctx, rds, spec));
    optionGroup(loop).ifPresent(name -> loop.ensure(new OptionGroupResource(ctx, rds, spec, name)));
    PrimaryResource primaryResource = new PrimaryResource(ctx, rds, spec, up);
    Optional<DBInstance> primary = loop.ensure(primaryResource).map(live -> recordSettled(loop, primaryResource, live));
    String source = primary.map(DBInstance::dbInstanceIdentifier).orElse(spec.identifier());
    SortedMap<String, String> replicas = new TreeMap<>();
    for (RdsSpec.Replica replica : spec.replicas()) {
      ReplicaResource resource = new ReplicaResource(ctx, rds, spec, up, replica, source);
      loop.ensure(resource).ifPresent(live -> replicas.put(replica.availabilityZone(),
          recordSettled(loop, resource, live).dbInstanceIdentifier()));
    }
    for (String az : retiredReplicaAzs(ctx.checkpoints())) {
      retire(loop, new ReplicaResource(ctx, rds, spec, up, new RdsSpec.Replica(az, null), source));
    }
    if (loop.mode() == Mode.CONVERGE) {
      DBInstance p = primary.orElseThrow();
      loop.publish(new RdsOutputs(p.dbInstanceIdentifier(), p.dbInstanceArn(), p.endpoint().address(),
          p.endpoint().port(), p.masterUserSecret() == null ? null : p.masterUserSecret().secretArn(), replicas));
    }
  }

  /** The spec's option group; in a rollback also the one recorded when the spec no longer asks for one. */
  private Optional<String> optionGroup(Reconciler loop) {
    if (spec.optionGroup() != null) {
      return Optional.of(RdsNames.optionGroup(spec.identifier(), spec.majorVersion()));
    }
    return loop.mode() == Mode.DELETE ? loop.context().checkpoints().get(OptionGroupResource.ID_KEY) : Optional.empty();
  }

  /**
   * Records what only a settled instance shows (its endpoint): the loop records a resource when it
   * finds or creates it, not after the wait that follows.
   */
  private static DBInstance recordSettled(Reconciler loop, InstanceResource resource, DBInstance live) {
    if (loop.mode() == Mode.CONVERGE) {
      Checkpoints checkpoints = loop.context().checkpoints();
      resource.recorded(live).forEach((key, value) -> {
        if (value != null && !checkpoints.get(key).filter(value::equals).isPresent()) {
          checkpoints.put(key, value);
        }
      });
    }
    return live;
  }

  /** AZs with a recorded replica that the spec no longer names. */
  private TreeSet<String> retiredReplicaAzs(Checkpoints checkpoints) {
    TreeSet<String> azs = new TreeSet<>();
    for (String key : checkpoints.all().keySet()) {
      if (key.startsWith(RdsNames.REPLICA_PREFIX) && key.endsWith(RdsNames.IDENTIFIER)) {
        azs.add(key.substring(RdsNames.REPLICA_PREFIX.length(), key.length() - RdsNames.IDENTIFIER.length()));
      }
    }
    spec.replicas().forEach(r -> azs.remove(r.availabilityZone()));
    return azs;
  }

  /**
   * A replica the spec no longer names: deleted with the rest in a rollback, reported by verify,
   * deleted by converge (its own delete pass: guard, delete, wait, forget).
   */
  private static void retire(Reconciler loop, ReplicaResource replica) {
    if (loop.mode() == Mode.DELETE) {
      loop.ensure(replica);
      return;
    }
    Reconciler retire = Reconciler.of(loop.context(), ID, Mode.DELETE);
    Optional<DBInstance> live = retire.ensure(replica);
    if (loop.mode() == Mode.VERIFY) {
      live.ifPresent(l -> loop.difference(replica.description() + " exists but is not in the spec"));
    } else {
      retire.finish();
    }
  }
}
