package io.provisioner.steps.data.elasticache;

import java.util.Optional;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * What {@code data.elasticache} publishes, for the steps that connect to the cache (over TLS, with
 * the AUTH token of {@code data.secrets}).
 *
 * @param replicationGroupId the group's id
 * @param primaryEndpointAddress where writes go; null while the service reports no endpoint
 * @param primaryEndpointPort its port
 * @param readerEndpointAddress where reads are spread over the replicas; null when not reported
 */
public record ElastiCacheOutputs(String replicationGroupId, String primaryEndpointAddress, Integer primaryEndpointPort,
    String readerEndpointAddress) {

  static ElastiCacheOutputs of(ReplicationGroup group) {
    Optional<NodeGroup> nodes = group.nodeGroups().stream().findFirst();
    Optional<Endpoint> primary = nodes.map(NodeGroup::primaryEndpoint);
    return new ElastiCacheOutputs(group.replicationGroupId(), primary.map(Endpoint::address).orElse(null),
        primary.map(Endpoint::port).orElse(null), nodes.map(NodeGroup::readerEndpoint).map(Endpoint::address)
        .orElse(null));
  }
}
