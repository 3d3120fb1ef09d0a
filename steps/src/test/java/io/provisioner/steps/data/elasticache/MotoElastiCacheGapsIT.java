package io.provisioner.steps.data.elasticache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.support.AwsErrors;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Pins, straight against moto_server 5.2.1 (no proxy), the ElastiCache gaps {@link
 * ElastiCacheGapProxy} fills and the step's tests account for, so that a moto upgrade that closes
 * one is noticed. Each test states what moto answers; none of this is product behaviour.
 */
@ExtendWith(EmulatorExtension.class)
class MotoElastiCacheGapsIT {
  private TestHarness harness;
  private ElastiCacheClient cache;
  private String vpcId;
  private List<String> subnets;
  private String id;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    cache = harness.client(ElastiCacheClient.class);
    Ec2Client ec2 = harness.client(Ec2Client.class);
    vpcId = ec2.createVpc(b -> b.cidrBlock("10.61.0.0/16")).vpc().vpcId();
    subnets = List.of(
        ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock("10.61.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId(),
        ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock("10.61.2.0/24").availabilityZone("us-east-1b")).subnet().subnetId());
    id = "gaps-" + harness.env();
    cache.createCacheSubnetGroup(b -> b.cacheSubnetGroupName(id).cacheSubnetGroupDescription("gaps").subnetIds(subnets));
  }

  /**
   * Removes the subnets and VPC. The subnet group and the (deleting) groups stay in moto: it has no
   * DeleteCacheSubnetGroup and never removes a deleted group, which is what this class pins.
   */
  @AfterEach
  void stop() {
    try {
      Ec2Client ec2 = harness.client(Ec2Client.class);
      subnets.forEach(s -> ec2.deleteSubnet(b -> b.subnetId(s)));
      ec2.deleteVpc(b -> b.vpcId(vpcId));
    } finally {
      harness.close();
    }
  }

  private ReplicationGroup create(boolean withReplicasPerNodeGroup) {
    return cache.createReplicationGroup(b -> {
      b.replicationGroupId(id).replicationGroupDescription("gaps").engine("redis").engineVersion("7.1")
          .cacheNodeType("cache.t4g.small").numCacheClusters(2).preferredCacheClusterAZs("us-east-1a", "us-east-1b")
          .automaticFailoverEnabled(true).cacheSubnetGroupName(id).preferredMaintenanceWindow("sun:05:00-sun:06:00")
          .cacheParameterGroupName("default.redis7").securityGroupIds("sg-12345678");
      if (withReplicasPerNodeGroup) {
        b.replicasPerNodeGroup(1);
      }
    }).replicationGroup();
  }

  @Test
  void numCacheClusters_isIgnored_onlyReplicasPerNodeGroupMakesReplicas() {
    ReplicationGroup group = create(false);
    assertThat(group.memberClusters()).as("NumCacheClusters=2 gives one node on moto").hasSize(1);
    cache.deleteReplicationGroup(b -> b.replicationGroupId(id));
  }

  @Test
  void describeReplicationGroups_omitsTheReaderEndpoint_butReturnsTheEncryptionAndAzFields() {
    ReplicationGroup group = create(true);
    assertThat(group.memberClusters()).hasSize(2);
    assertThat(group.nodeGroups().get(0).primaryEndpoint()).isNotNull();
    assertThat(group.nodeGroups().get(0).readerEndpoint()).as("ReaderEndpoint").isNull();
    assertThat(group.nodeGroups().get(0).nodeGroupMembers()).extracting(m -> m.preferredAvailabilityZone())
        .containsExactly("us-east-1a", "us-east-1b");
    cache.deleteReplicationGroup(b -> b.replicationGroupId(id));
  }

  @Test
  void memberClusters_areNotCacheClusters() {
    create(true);
    AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
        () -> cache.describeCacheClusters(b -> b.cacheClusterId(id + "-001")));
    assertThat(AwsErrors.code(e)).isEqualTo("CacheClusterNotFound");
    cache.deleteReplicationGroup(b -> b.replicationGroupId(id));
  }

  @Test
  void deleteReplicationGroup_leavesTheGroupDeletingForEver() {
    create(true);
    cache.deleteReplicationGroup(b -> b.replicationGroupId(id).finalSnapshotIdentifier(id + "-final"));

    assertThat(cache.describeReplicationGroups(b -> b.replicationGroupId(id)).replicationGroups())
        .extracting(ReplicationGroup::status).containsExactly("deleting");
    AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
        () -> cache.describeSnapshots(b -> b.snapshotName(id + "-final")));
    assertThat(AwsErrors.code(e)).as("FinalSnapshotIdentifier is ignored").isEqualTo("SnapshotNotFoundFault");
  }

  @Test
  void modifyAndDeleteCalls_answerHttp500WithAnHtmlPage() {
    create(true);
    List<Runnable> calls = List.of(
        () -> cache.modifyReplicationGroup(b -> b.replicationGroupId(id).snapshotRetentionLimit(3).applyImmediately(true)),
        () -> cache.modifyCacheSubnetGroup(b -> b.cacheSubnetGroupName(id).subnetIds(subnets.get(0))),
        () -> cache.deleteCacheSubnetGroup(b -> b.cacheSubnetGroupName(id)));
    for (Runnable call : calls) {
      AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);
      assertThat(e.statusCode()).isEqualTo(500);
      assertThat(AwsErrors.code(e)).as("no AWS error code").isEmpty();
    }
    cache.deleteReplicationGroup(b -> b.replicationGroupId(id));
  }
}
