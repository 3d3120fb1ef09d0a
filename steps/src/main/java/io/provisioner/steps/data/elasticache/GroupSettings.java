package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.elasticache.model.AutomaticFailoverStatus;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.ModifyReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.MultiAZStatus;
import software.amazon.awssdk.services.elasticache.model.SecurityGroupMembership;

/**
 * The settings of the replication group (tags apart), in the order they are converged:
 *
 * <ol>
 *   <li>its state: a group whose creation failed, or whose member cluster cannot be read, cannot be
 *       converged;
 *   <li>what is fixed when the group is created, each with what to do ({@link Setting#fixed}): the
 *       id, engine, cluster mode, encryption at rest and its KMS key, encryption in transit, the
 *       AUTH token, the nodes and their AZs, the port, the subnet group; they come first, so a
 *       converge that cannot succeed changes nothing;
 *   <li>the engine version: upgraded in place, never downgraded;
 *   <li>what ModifyReplicationGroup changes in place, one call each, applied immediately:
 *       description, node type, parameter group, security groups, maintenance window, snapshot
 *       retention and window, automatic failover with Multi-AZ (one call, since Multi-AZ needs
 *       failover on to be enabled and off to be disabled).
 * </ol>
 *
 * A group still being created is not compared: its nodes and endpoints are not reported yet.
 * Settings of the nodes are read from the member cluster; when it could not be read they are
 * unchecked, which the state says.
 */
final class GroupSettings {
  private final DesiredGroup desired;
  private final Consumer<Consumer<ModifyReplicationGroupRequest.Builder>> modify;
  private final String recreate;

  /**
   * @param modify makes one ModifyReplicationGroup call of the group, with what the consumer sets
   */
  private GroupSettings(DesiredGroup desired, Consumer<Consumer<ModifyReplicationGroupRequest.Builder>> modify) {
    this.desired = desired;
    this.modify = modify;
    this.recreate = "replication group " + desired.id() + " must be created anew: change the profile back, or run "
        + "'rollback --to " + ElastiCacheStep.ID + "' and 'up' (the cache starts empty)";
  }

  static List<Setting<CacheGroup>> of(DesiredGroup desired,
      Consumer<Consumer<ModifyReplicationGroupRequest.Builder>> modify) {
    return new GroupSettings(desired, modify).all();
  }

  private List<Setting<CacheGroup>> all() {
    ElastiCacheSpec spec = desired.spec();
    int nodes = spec.replicasPerNodeGroup() + 1;
    Set<String> azs = new TreeSet<>(spec.availabilityZones());
    return Stream.<Setting<CacheGroup>>of(
            new Usable(),
            fixed("replicationGroupId", g -> g.group().replicationGroupId(), desired.id()),
            fixed("engine", g -> Objects.requireNonNullElse(g.group().engine(), "redis").toLowerCase(Locale.ROOT),
                "redis"),
            fixed("cluster mode", g -> Boolean.TRUE.equals(g.group().clusterEnabled()), false),
            fixed("encryption at rest", g -> Boolean.TRUE.equals(g.group().atRestEncryptionEnabled()), true),
            fixed("KMS key of encryption at rest", g -> !Boolean.TRUE.equals(g.group().atRestEncryptionEnabled())
                || sameKey(desired.kmsKeyArn(), g.group().kmsKeyId()) ? desired.kmsKeyArn() : g.group().kmsKeyId(),
                desired.kmsKeyArn()),
            fixed("encryption in transit", g -> Boolean.TRUE.equals(g.group().transitEncryptionEnabled()), true),
            fixed("AUTH token", g -> Boolean.TRUE.equals(g.group().authTokenEnabled()), true),
            fixed("node groups", g -> g.group().nodeGroups().size(), 1),
            Setting.fixed("nodes (replicasPerNodeGroup + 1)", g -> g.members().size(), nodes, "adding or removing "
                + "replicas is not automated: change the profile back, or use IncreaseReplicaCount or "
                + "DecreaseReplicaCount on replication group " + desired.id()),
            fixed("availabilityZones", g -> g.members().size() != nodes ? azs : g.members().stream()
                .map(m -> Objects.requireNonNullElse(m.preferredAvailabilityZone(), "(unknown)"))
                .collect(Collectors.toCollection(TreeSet::new)), azs),
            fixed("port", g -> g.nodes().map(n -> n.primaryEndpoint()).map(e -> e.port()).orElse(spec.port()),
                spec.port()),
            fixed("cache subnet group", member(CacheCluster::cacheSubnetGroupName, desired.subnetGroupName()),
                desired.subnetGroupName()),
            new Engine(EngineVersion.parse(spec.engineVersion()).orElseThrow()),
            modifiable("description", g -> g.group().description(), spec.description(),
                ModifyReplicationGroupRequest.Builder::replicationGroupDescription),
            modifiable("nodeType", g -> g.group().cacheNodeType(), spec.nodeType(),
                ModifyReplicationGroupRequest.Builder::cacheNodeType),
            modifiable("parameterGroupName", member(m -> m.cacheParameterGroup() == null ? null
                    : m.cacheParameterGroup().cacheParameterGroupName(), spec.parameterGroupName()),
                spec.parameterGroupName(), ModifyReplicationGroupRequest.Builder::cacheParameterGroupName),
            modifiable("securityGroups", member(m -> m.securityGroups().stream()
                    .map(SecurityGroupMembership::securityGroupId).filter(Objects::nonNull)
                    .collect(Collectors.toCollection(TreeSet::new)), Set.of(desired.securityGroupId())),
                Set.of(desired.securityGroupId()), ModifyReplicationGroupRequest.Builder::securityGroupIds),
            modifiable("maintenanceWindow", member(m -> Windows.normalize(m.preferredMaintenanceWindow()),
                    Windows.normalize(spec.maintenanceWindow())), Windows.normalize(spec.maintenanceWindow()),
                ModifyReplicationGroupRequest.Builder::preferredMaintenanceWindow),
            modifiable("snapshotRetentionDays", g -> Objects.requireNonNullElse(g.group().snapshotRetentionLimit(), 0),
                spec.snapshotRetentionDays(), ModifyReplicationGroupRequest.Builder::snapshotRetentionLimit),
            modifiable("snapshotWindow", g -> g.group().snapshotWindow(), spec.snapshotWindow(),
                ModifyReplicationGroupRequest.Builder::snapshotWindow),
            modifiable("automaticFailover/multiAz", g -> failover(g.group().automaticFailover(), g.group().multiAZ()),
                onOff(spec.automaticFailover()) + "/" + onOff(spec.multiAz()),
                (b, v) -> b.automaticFailoverEnabled(spec.automaticFailover()).multiAZEnabled(spec.multiAz())))
        .map(GroupSettings::unlessCreating)
        .toList();
  }

  /** True when both name the same key: equal, or the same key id after {@code key/}. */
  static boolean sameKey(String expected, String actual) {
    return expected != null && actual != null
        && (expected.equalsIgnoreCase(actual) || keyId(expected).equalsIgnoreCase(keyId(actual)));
  }

  private static String keyId(String keyArnOrId) {
    int slash = keyArnOrId.lastIndexOf("key/");
    return slash < 0 ? keyArnOrId : keyArnOrId.substring(slash + 4);
  }

  private <V> Setting<CacheGroup> fixed(String name, Function<CacheGroup, V> actual, V wanted) {
    return Setting.fixed(name, actual, wanted, recreate);
  }

  private <V> Setting<CacheGroup> modifiable(String name, Function<CacheGroup, V> actual, V wanted,
      BiConsumer<ModifyReplicationGroupRequest.Builder, V> put) {
    return Setting.of(name, actual, wanted, (g, value) -> modify.accept(b -> put.accept(b, value)));
  }

  /** A value of the member cluster; {@code unchecked} (the wanted value) when it could not be read. */
  private static <V> Function<CacheGroup, V> member(Function<CacheCluster, V> value, V unchecked) {
    return g -> g.member() == null ? unchecked : value.apply(g.member());
  }

  private static Setting<CacheGroup> unlessCreating(Setting<CacheGroup> setting) {
    return new Setting<>() {
      @Override
      public List<String> differences(CacheGroup group) {
        return CacheGroup.CREATING.equals(group.status()) ? List.of() : setting.differences(group);
      }

      @Override
      public void apply(CacheGroup group) {
        setting.apply(group);
      }
    };
  }

  private static String failover(AutomaticFailoverStatus failover, MultiAZStatus multiAz) {
    boolean on = failover == AutomaticFailoverStatus.ENABLED || failover == AutomaticFailoverStatus.ENABLING;
    return onOff(on) + "/" + onOff(multiAz == MultiAZStatus.ENABLED);
  }

  private static String onOff(boolean on) {
    return on ? "enabled" : "disabled";
  }

  /** A group whose creation failed, or whose member cannot be read, is reported; converging it fails with what to do. */
  private final class Usable implements Setting<CacheGroup> {
    @Override
    public List<String> differences(CacheGroup group) {
      if (CacheGroup.CREATE_FAILED.equals(group.status())) {
        return List.of("status is create-failed (the ElastiCache events say why)");
      }
      return group.member() != null ? List.of() : List.of("member cluster "
          + CacheGroup.memberToRead(group.group()).orElse("(none)") + " could not be read, so engine version, "
          + "maintenance window, parameter group, security groups and subnet group are unchecked");
    }

    @Override
    public void apply(CacheGroup group) {
      throw new StepException("replication group " + desired.id() + ": " + String.join("; ", differences(group))
          + (CacheGroup.CREATE_FAILED.equals(group.status()) ? "; run 'rollback --to " + ElastiCacheStep.ID
              + "' to delete it and 'up' to create it again" : "; run 'up' again once it can be read"));
    }
  }

  /** The engine version of the nodes: upgraded in place; a newer one than asked is never downgraded. */
  private final class Engine implements Setting<CacheGroup> {
    private final EngineVersion wanted;

    Engine(EngineVersion wanted) {
      this.wanted = wanted;
    }

    @Override
    public List<String> differences(CacheGroup group) {
      if (group.member() == null) {
        return List.of();
      }
      String running = group.member().engineVersion();
      return EngineVersion.parse(running).map(v -> wanted.matches(v) ? List.<String>of()
              : List.of("engineVersion is " + running + (wanted.compareOnCommonParts(v) > 0
                  ? ", expected " + desired.spec().engineVersion()
                  : ", newer than " + desired.spec().engineVersion() + " (ElastiCache cannot downgrade)")))
          .orElse(List.of("engineVersion is " + running + ", which cannot be read as a version"));
    }

    @Override
    public void apply(CacheGroup group) {
      String running = group.member().engineVersion();
      if (EngineVersion.parse(running).filter(v -> wanted.compareOnCommonParts(v) > 0).isEmpty()) {
        throw new StepException("replication group " + desired.id() + " runs engine " + running + ", which cannot "
            + "be changed to " + desired.spec().engineVersion() + " in place: ElastiCache cannot downgrade; set "
            + "engineVersion to " + running + " in the profile");
      }
      modify.accept(b -> b.engineVersion(desired.spec().engineVersion()));
    }
  }
}
