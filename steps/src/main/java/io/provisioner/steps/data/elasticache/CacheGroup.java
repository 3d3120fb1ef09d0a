package io.provisioner.steps.data.elasticache;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * A replication group as read: the group, its tags, and the member cluster whose settings stand
 * for all nodes (engine version, maintenance window, parameter group, security groups and subnet
 * group are reported per cluster by DescribeCacheClusters, not by DescribeReplicationGroups).
 *
 * @param tags its tags; null while it is not available, when ElastiCache does not list them
 * @param member the primary member (else the first one); null when it could not be read
 */
record CacheGroup(ReplicationGroup group, Map<String, String> tags, CacheCluster member) {
  static final String AVAILABLE = "available";
  static final String CREATING = "creating";
  static final String DELETING = "deleting";
  static final String CREATE_FAILED = "create-failed";

  CacheGroup {
    tags = tags == null ? null : Map.copyOf(tags);
  }

  String status() {
    return group.status();
  }

  /** The one node group of a cluster-mode-disabled group; empty while the service reports none. */
  Optional<NodeGroup> nodes() {
    return group.nodeGroups().stream().findFirst();
  }

  List<NodeGroupMember> members() {
    return nodes().map(NodeGroup::nodeGroupMembers).orElse(List.of());
  }

  /** The member whose settings stand for all nodes: the primary, else the first member. */
  static Optional<String> memberToRead(ReplicationGroup group) {
    return group.nodeGroups().stream().flatMap(n -> n.nodeGroupMembers().stream())
        .filter(m -> "primary".equalsIgnoreCase(m.currentRole())).map(NodeGroupMember::cacheClusterId).findFirst()
        .or(() -> group.memberClusters().stream().findFirst());
  }
}
