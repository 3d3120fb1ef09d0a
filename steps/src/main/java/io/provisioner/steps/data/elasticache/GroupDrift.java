package io.provisioner.steps.data.elasticache;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.elasticache.model.AutomaticFailoverStatus;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.ModifyReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.MultiAZStatus;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.SecurityGroupMembership;

/**
 * What differs between the desired group and a live one (tags apart), in two kinds:
 *
 * <ul>
 *   <li>changes ModifyReplicationGroup applies in place: description, node type, engine version
 *       (upgrades only), parameter group, security groups, maintenance and snapshot windows,
 *       snapshot retention, automatic failover, Multi-AZ;
 *   <li>settings fixed when the group was created: engine, cluster mode, encryption at rest and in
 *       transit, the KMS key, the AUTH token's presence, the port, the subnet group, the number of
 *       nodes and their AZs, and an engine newer than asked for (no downgrade). Each comes with
 *       what to do, since the step never replaces a group by itself.
 * </ul>
 *
 * <p>Settings of the nodes (engine version, maintenance window, parameter group, security groups,
 * subnet group) are not part of DescribeReplicationGroups' answer; they are read from one member
 * cluster, the {@code member} argument, which is empty when it could not be read.
 */
final class GroupDrift {
  static final String RECREATE = "it is fixed when the group is created: change the profile back, or run "
      + "'rollback --to " + ElastiCacheStep.ID + "' and 'up' to create the group again (the cache starts empty)";

  private final List<String> differences = new ArrayList<>();
  private final List<String> fixed = new ArrayList<>();
  private final List<String> changes = new ArrayList<>();
  private final ModifyReplicationGroupRequest.Builder modify;

  private GroupDrift(String groupId) {
    modify = ModifyReplicationGroupRequest.builder().replicationGroupId(groupId).applyImmediately(true);
  }

  /** Compares {@code actual} (and one of its member clusters, when it could be read) with {@code desired}. */
  static GroupDrift between(DesiredGroup desired, ReplicationGroup actual, Optional<CacheCluster> member) {
    GroupDrift drift = new GroupDrift(actual.replicationGroupId());
    drift.compareGroup(desired, actual);
    drift.compareNodes(desired, actual);
    if (member.isPresent()) {
      drift.compareMember(desired, member.get());
    } else {
      drift.differences.add("member cluster " + memberToRead(actual).orElse("(none)") + " could not be read, so "
          + "engine version, maintenance window, parameter group, security groups and subnet group are unchecked");
    }
    return drift;
  }

  /** Every difference in words, fixed ones included. */
  List<String> differences() {
    return List.copyOf(differences);
  }

  /** The differences that cannot be changed in place, each with what to do. */
  List<String> fixedAtCreation() {
    return List.copyOf(fixed);
  }

  /** The ModifyReplicationGroup call that converges what can change in place, if anything does. */
  Optional<ModifyReplicationGroupRequest> modification() {
    return changes.isEmpty() ? Optional.empty() : Optional.of(modify.build());
  }

  /** Short names of what {@link #modification()} changes, for the log. */
  List<String> changes() {
    return List.copyOf(changes);
  }

  /** The member whose settings stand for all nodes: the primary, else the first member. */
  static Optional<String> memberToRead(ReplicationGroup group) {
    for (NodeGroup nodeGroup : group.nodeGroups()) {
      for (NodeGroupMember member : nodeGroup.nodeGroupMembers()) {
        if ("primary".equalsIgnoreCase(member.currentRole())) {
          return Optional.of(member.cacheClusterId());
        }
      }
    }
    return group.memberClusters().stream().findFirst();
  }

  private void compareGroup(DesiredGroup desired, ReplicationGroup actual) {
    ElastiCacheSpec spec = desired.spec();
    if (actual.engine() != null && !"redis".equalsIgnoreCase(actual.engine())) {
      fixed("engine is " + actual.engine() + ", expected redis");
    }
    if (Boolean.TRUE.equals(actual.clusterEnabled())) {
      fixed("cluster mode is enabled, expected disabled");
    }
    if (!Boolean.TRUE.equals(actual.atRestEncryptionEnabled())) {
      fixed("encryption at rest is off, expected on with the key of security.kms");
    } else if (!sameKey(desired.kmsKeyArn(), actual.kmsKeyId())) {
      fixed("encryption at rest uses KMS key " + actual.kmsKeyId() + ", expected " + desired.kmsKeyArn());
    }
    if (!Boolean.TRUE.equals(actual.transitEncryptionEnabled())) {
      fixed("encryption in transit is off, expected on");
    }
    if (!Boolean.TRUE.equals(actual.authTokenEnabled())) {
      fixed("the AUTH token is not enabled, expected the token of data.secrets");
    }

    if (!Objects.equals(spec.description(), actual.description())) {
      change("description", "description is \"" + actual.description() + "\", expected \"" + spec.description() + "\"",
          () -> modify.replicationGroupDescription(spec.description()));
    }
    if (!spec.nodeType().equals(actual.cacheNodeType())) {
      change("nodeType", "nodeType is " + actual.cacheNodeType() + ", expected " + spec.nodeType(),
          () -> modify.cacheNodeType(spec.nodeType()));
    }
    int retention = actual.snapshotRetentionLimit() == null ? 0 : actual.snapshotRetentionLimit();
    if (retention != spec.snapshotRetentionDays()) {
      change("snapshotRetentionDays", "snapshotRetentionDays is " + retention + ", expected "
          + spec.snapshotRetentionDays(), () -> modify.snapshotRetentionLimit(spec.snapshotRetentionDays()));
    }
    if (!spec.snapshotWindow().equals(actual.snapshotWindow())) {
      change("snapshotWindow", "snapshotWindow is " + actual.snapshotWindow() + ", expected " + spec.snapshotWindow(),
          () -> modify.snapshotWindow(spec.snapshotWindow()));
    }
    boolean failover = actual.automaticFailover() == AutomaticFailoverStatus.ENABLED
        || actual.automaticFailover() == AutomaticFailoverStatus.ENABLING;
    if (failover != spec.automaticFailover()) {
      change("automaticFailover", "automaticFailover is " + actual.automaticFailoverAsString() + ", expected "
          + onOff(spec.automaticFailover()), () -> modify.automaticFailoverEnabled(spec.automaticFailover()));
    }
    boolean multiAz = actual.multiAZ() == MultiAZStatus.ENABLED;
    if (multiAz != spec.multiAz()) {
      change("multiAz", "multiAz is " + actual.multiAZAsString() + ", expected " + onOff(spec.multiAz()),
          () -> modify.multiAZEnabled(spec.multiAz()));
    }
  }

  private void compareNodes(DesiredGroup desired, ReplicationGroup actual) {
    ElastiCacheSpec spec = desired.spec();
    if (actual.nodeGroups().size() != 1) {
      fixed("the group has " + actual.nodeGroups().size() + " node groups, expected 1 (cluster mode disabled)");
      return;
    }
    NodeGroup nodes = actual.nodeGroups().get(0);
    int nodeCount = nodes.nodeGroupMembers().size();
    if (nodeCount != spec.replicasPerNodeGroup() + 1) {
      fixed("replicasPerNodeGroup: the group has " + nodeCount + " nodes, expected "
          + (spec.replicasPerNodeGroup() + 1) + " (adding or removing replicas is not automated)");
    }
    Set<String> azs = new TreeSet<>();
    nodes.nodeGroupMembers().forEach(m -> azs.add(Objects.requireNonNullElse(m.preferredAvailabilityZone(), "(unknown)")));
    if (nodeCount == spec.replicasPerNodeGroup() + 1 && !azs.equals(new TreeSet<>(spec.availabilityZones()))) {
      fixed("availabilityZones: the nodes are in " + azs + ", expected " + new TreeSet<>(spec.availabilityZones()));
    }
    Integer port = nodes.primaryEndpoint() == null ? null : nodes.primaryEndpoint().port();
    if (port != null && port.intValue() != spec.port()) {
      fixed("port is " + port + ", expected " + spec.port());
    }
  }

  private void compareMember(DesiredGroup desired, CacheCluster member) {
    ElastiCacheSpec spec = desired.spec();
    EngineVersion wanted = EngineVersion.parse(spec.engineVersion()).orElseThrow();
    Optional<EngineVersion> running = EngineVersion.parse(member.engineVersion());
    if (running.isEmpty()) {
      differences.add("engineVersion is " + member.engineVersion() + ", which cannot be read as a version");
    } else if (!wanted.matches(running.get())) {
      if (wanted.compareOnCommonParts(running.get()) > 0) {
        change("engineVersion", "engineVersion is " + member.engineVersion() + ", expected " + spec.engineVersion(),
            () -> modify.engineVersion(spec.engineVersion()));
      } else {
        fixed("engineVersion is " + member.engineVersion() + ", newer than " + spec.engineVersion(),
            "ElastiCache cannot downgrade: set engineVersion to " + member.engineVersion() + " in the profile");
      }
    }
    String group = member.cacheParameterGroup() == null ? null : member.cacheParameterGroup().cacheParameterGroupName();
    if (!spec.parameterGroupName().equals(group)) {
      change("parameterGroupName", "parameterGroupName is " + group + ", expected " + spec.parameterGroupName(),
          () -> modify.cacheParameterGroupName(spec.parameterGroupName()));
    }
    Set<String> groups = new TreeSet<>();
    member.securityGroups().stream().map(SecurityGroupMembership::securityGroupId).filter(Objects::nonNull)
        .forEach(groups::add);
    if (!groups.equals(Set.of(desired.securityGroupId()))) {
      change("securityGroups", "security groups are " + groups + ", expected [" + desired.securityGroupId() + "]",
          () -> modify.securityGroupIds(desired.securityGroupId()));
    }
    String window = Windows.normalize(member.preferredMaintenanceWindow());
    if (!Objects.equals(Windows.normalize(spec.maintenanceWindow()), window)) {
      change("maintenanceWindow", "maintenanceWindow is " + window + ", expected " + spec.maintenanceWindow(),
          () -> modify.preferredMaintenanceWindow(spec.maintenanceWindow()));
    }
    if (!desired.subnetGroupName().equals(member.cacheSubnetGroupName())) {
      fixed("the cache subnet group is " + member.cacheSubnetGroupName() + ", expected " + desired.subnetGroupName());
    }
  }

  /** True when both name the same key: equal, or the same key id after {@code key/}. */
  static boolean sameKey(String expected, String actual) {
    if (expected == null || actual == null) {
      return false;
    }
    return expected.equalsIgnoreCase(actual) || keyId(expected).equalsIgnoreCase(keyId(actual));
  }

  private static String keyId(String keyArnOrId) {
    int slash = keyArnOrId.lastIndexOf("key/");
    return slash < 0 ? keyArnOrId : keyArnOrId.substring(slash + 4);
  }

  private void fixed(String difference) {
    fixed(difference, RECREATE);
  }

  private void fixed(String difference, String whatToDo) {
    differences.add(difference);
    fixed.add(difference + "; " + whatToDo);
  }

  private void change(String name, String difference, Runnable apply) {
    differences.add(difference);
    changes.add(name);
    apply.run();
  }

  private static String onOff(boolean on) {
    return on ? "enabled" : "disabled";
  }
}
