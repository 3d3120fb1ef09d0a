package io.provisioner.localstack.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.AutomaticFailoverStatus;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.MultiAZStatus;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/** The ElastiCache corrections of the moto shim (patch 4 of moto-shim/README.md), through the SDK v2. */
@ExtendWith(EmulatorExtension.class)
class MotoShimElastiCacheIT {
  private ElastiCacheClient cache;
  private String id;

  @BeforeEach
  void setUp(Emulator emulator) {
    cache = Clients.of(ElastiCacheClient.builder(), emulator);
    id = "shim-" + UUID.randomUUID().toString().substring(0, 8);
    // Subnet ids moto cannot find are accepted (moto stands in us-east-1a for them).
    cache.createCacheSubnetGroup(b -> b.cacheSubnetGroupName(id).cacheSubnetGroupDescription("shim")
        .subnetIds("subnet-aaaa1111", "subnet-bbbb2222"));
  }

  private ReplicationGroup create() {
    return cache.createReplicationGroup(b -> b.replicationGroupId(id).replicationGroupDescription("shim")
        .engine("redis").engineVersion("7.1").cacheNodeType("cache.t4g.small").numCacheClusters(3)
        .preferredCacheClusterAZs("us-east-1a", "us-east-1b", "us-east-1c").automaticFailoverEnabled(true)
        .multiAZEnabled(true).cacheSubnetGroupName(id).preferredMaintenanceWindow("sun:05:00-sun:06:00")
        .cacheParameterGroupName("default.redis7").securityGroupIds("sg-12345678")).replicationGroup();
  }

  private CacheCluster member(String clusterId) {
    return cache.describeCacheClusters(b -> b.cacheClusterId(clusterId)).cacheClusters().get(0);
  }

  @Test
  void numCacheClustersMakesThatManyNodesAndMembersAreDescribed() {
    ReplicationGroup group = create();

    assertThat(group.memberClusters()).containsExactly(id + "-001", id + "-002", id + "-003");
    assertThat(group.nodeGroups().get(0).nodeGroupMembers()).extracting(m -> m.preferredAvailabilityZone())
        .containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
    CacheCluster second = member(id + "-002");
    assertThat(second.replicationGroupId()).isEqualTo(id);
    assertThat(second.cacheClusterStatus()).isEqualTo("available");
    assertThat(second.engine()).isEqualTo("redis");
    assertThat(second.engineVersion()).isEqualTo("7.1");
    assertThat(second.cacheNodeType()).isEqualTo("cache.t4g.small");
    assertThat(second.preferredAvailabilityZone()).isEqualTo("us-east-1b");
    assertThat(second.preferredMaintenanceWindow()).isEqualTo("sun:05:00-sun:06:00");
    assertThat(second.cacheParameterGroup().cacheParameterGroupName()).isEqualTo("default.redis7");
    assertThat(second.securityGroups()).extracting(s -> s.securityGroupId()).containsExactly("sg-12345678");
    assertThat(second.cacheSubnetGroupName()).isEqualTo(id);
    deleteAndForget();
  }

  @Test
  void modifyReplicationGroupChangesTheGroupAndItsMembers() {
    create();
    ReplicationGroup modified = cache.modifyReplicationGroup(b -> b.replicationGroupId(id)
        .replicationGroupDescription("changed").snapshotRetentionLimit(3).snapshotWindow("02:00-03:00")
        .preferredMaintenanceWindow("mon:05:00-mon:06:00").securityGroupIds("sg-87654321")
        .automaticFailoverEnabled(false).multiAZEnabled(false).cacheNodeType("cache.t4g.medium")
        .engineVersion("7.2").cacheParameterGroupName("custom-redis7").applyImmediately(true)).replicationGroup();

    assertThat(modified.description()).isEqualTo("changed");
    assertThat(modified.snapshotRetentionLimit()).isEqualTo(3);
    assertThat(modified.snapshotWindow()).isEqualTo("02:00-03:00");
    assertThat(modified.automaticFailover()).isEqualTo(AutomaticFailoverStatus.DISABLED);
    assertThat(modified.multiAZ()).isEqualTo(MultiAZStatus.DISABLED);
    assertThat(modified.cacheNodeType()).isEqualTo("cache.t4g.medium");
    ReplicationGroup described = cache.describeReplicationGroups(b -> b.replicationGroupId(id)).replicationGroups().get(0);
    assertThat(described.description()).isEqualTo("changed");
    CacheCluster primary = member(id + "-001");
    assertThat(primary.engineVersion()).isEqualTo("7.2");
    assertThat(primary.cacheNodeType()).isEqualTo("cache.t4g.medium");
    assertThat(primary.preferredMaintenanceWindow()).isEqualTo("mon:05:00-mon:06:00");
    assertThat(primary.cacheParameterGroup().cacheParameterGroupName()).isEqualTo("custom-redis7");
    assertThat(primary.securityGroups()).extracting(s -> s.securityGroupId()).containsExactly("sg-87654321");
    deleteAndForget();
  }

  @Test
  void deletedGroupIsDeletingOnceThenGoneWithItsFinalSnapshot() {
    create();
    ReplicationGroup deleting = cache.deleteReplicationGroup(b -> b.replicationGroupId(id)
        .finalSnapshotIdentifier(id + "-final")).replicationGroup();
    assertThat(deleting.status()).isEqualTo("deleting");

    assertThat(cache.describeReplicationGroups(b -> b.replicationGroupId(id)).replicationGroups())
        .extracting(ReplicationGroup::status).containsExactly("deleting");
    ElastiCacheException gone = catchThrowableOfType(ElastiCacheException.class,
        () -> cache.describeReplicationGroups(b -> b.replicationGroupId(id)));
    assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("ReplicationGroupNotFoundFault");
    ElastiCacheException member = catchThrowableOfType(ElastiCacheException.class, () -> member(id + "-001"));
    assertThat(member.awsErrorDetails().errorCode()).isEqualTo("CacheClusterNotFound");
    assertThat(cache.describeSnapshots(b -> b.snapshotName(id + "-final")).snapshots())
        .extracting(s -> s.replicationGroupId()).containsExactly(id);

    cache.deleteCacheSubnetGroup(b -> b.cacheSubnetGroupName(id));
  }

  @Test
  void subnetGroupsCanBeModifiedAndDeleted() {
    var modified = cache.modifyCacheSubnetGroup(b -> b.cacheSubnetGroupName(id).cacheSubnetGroupDescription("two")
        .subnetIds("subnet-cccc3333")).cacheSubnetGroup();
    assertThat(modified.cacheSubnetGroupDescription()).isEqualTo("two");
    assertThat(modified.subnets()).extracting(s -> s.subnetIdentifier()).containsExactly("subnet-cccc3333");

    cache.deleteCacheSubnetGroup(b -> b.cacheSubnetGroupName(id));

    ElastiCacheException e = catchThrowableOfType(ElastiCacheException.class,
        () -> cache.describeCacheSubnetGroups(b -> b.cacheSubnetGroupName(id)));
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("CacheSubnetGroupNotFoundFault");
    ElastiCacheException again = catchThrowableOfType(ElastiCacheException.class,
        () -> cache.deleteCacheSubnetGroup(b -> b.cacheSubnetGroupName(id)));
    assertThat(again.awsErrorDetails().errorCode()).isEqualTo("CacheSubnetGroupNotFoundFault");
  }

  private void deleteAndForget() {
    cache.deleteReplicationGroup(b -> b.replicationGroupId(id));
    cache.describeReplicationGroups(b -> b.replicationGroupId(id));
    catchThrowableOfType(ElastiCacheException.class, () -> cache.describeReplicationGroups(b -> b.replicationGroupId(id)));
    cache.deleteCacheSubnetGroup(b -> b.cacheSubnetGroupName(id));
  }
}
