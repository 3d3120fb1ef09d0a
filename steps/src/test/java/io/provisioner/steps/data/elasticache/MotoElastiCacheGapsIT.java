package io.provisioner.steps.data.elasticache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Pins, straight against the test emulator (moto_server 5.2.1 + provisioner shim, no proxy), how
 * ElastiCache behaves where moto 5.2.1 alone contradicts AWS: the shim
 * ({@code localstack/moto-shim}, patches 4a-4d) corrects NumCacheClusters, member clusters,
 * DeleteReplicationGroup, ModifyReplicationGroup, ModifyCacheSubnetGroup and DeleteCacheSubnetGroup,
 * so these tests pin the corrected (AWS) behaviour; {@link ElastiCacheGapProxy} now finds nothing
 * left to fill for them. The reader endpoint is still a moto gap. None of this is product behaviour.
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

  /** Removes the subnet group (when a test left it), the subnets and the VPC. */
  @AfterEach
  void stop() {
    try {
      try {
        cache.deleteCacheSubnetGroup(b -> b.cacheSubnetGroupName(id));
      } catch (AwsServiceException e) {
        // already deleted by the test, or still in use by a group a failed test left behind
      }
      Ec2Client ec2 = harness.client(Ec2Client.class);
      subnets.forEach(s -> ec2.deleteSubnet(b -> b.subnetId(s)));
      ec2.deleteVpc(b -> b.vpcId(vpcId));
    } finally {
      harness.close();
    }
  }

  /** Deletes the group and lets it finish: one describe shows it deleting, the next finds nothing. */
  private void deleteGroup() {
    cache.deleteReplicationGroup(b -> b.replicationGroupId(id));
    cache.describeReplicationGroups(b -> b.replicationGroupId(id));
    catchThrowableOfType(AwsServiceException.class, () -> cache.describeReplicationGroups(b -> b.replicationGroupId(id)));
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
  void numCacheClusters_makesThatManyNodes() {
    ReplicationGroup group = create(false);
    assertThat(group.memberClusters()).as("NumCacheClusters=2").containsExactly(id + "-001", id + "-002");
    assertThat(group.nodeGroups().get(0).nodeGroupMembers()).extracting(m -> m.preferredAvailabilityZone())
        .containsExactly("us-east-1a", "us-east-1b");
    deleteGroup();
  }

  @Test
  void describeReplicationGroups_omitsTheReaderEndpoint_butReturnsTheEncryptionAndAzFields() {
    ReplicationGroup group = create(true);
    assertThat(group.memberClusters()).hasSize(2);
    assertThat(group.nodeGroups().get(0).primaryEndpoint()).isNotNull();
    assertThat(group.nodeGroups().get(0).readerEndpoint()).as("ReaderEndpoint").isNull();
    assertThat(group.nodeGroups().get(0).nodeGroupMembers()).extracting(m -> m.preferredAvailabilityZone())
        .containsExactly("us-east-1a", "us-east-1b");
    deleteGroup();
  }

  @Test
  void memberClusters_areDescribedWithTheGroupsNodeSettings() {
    create(false);
    CacheCluster member = cache.describeCacheClusters(b -> b.cacheClusterId(id + "-002")).cacheClusters().get(0);
    assertThat(member.replicationGroupId()).isEqualTo(id);
    assertThat(member.cacheClusterStatus()).isEqualTo("available");
    assertThat(member.engine()).isEqualTo("redis");
    assertThat(member.engineVersion()).isEqualTo("7.1");
    assertThat(member.cacheNodeType()).isEqualTo("cache.t4g.small");
    assertThat(member.preferredAvailabilityZone()).isEqualTo("us-east-1b");
    assertThat(member.preferredMaintenanceWindow()).isEqualTo("sun:05:00-sun:06:00");
    assertThat(member.cacheParameterGroup().cacheParameterGroupName()).isEqualTo("default.redis7");
    assertThat(member.securityGroups()).extracting(g -> g.securityGroupId()).containsExactly("sg-12345678");
    assertThat(member.cacheSubnetGroupName()).isEqualTo(id);
    deleteGroup();
  }

  @Test
  void deleteReplicationGroup_isDeletingOnceThenGone_withItsFinalSnapshot() {
    create(true);
    cache.deleteReplicationGroup(b -> b.replicationGroupId(id).finalSnapshotIdentifier(id + "-final"));

    assertThat(cache.describeReplicationGroups(b -> b.replicationGroupId(id)).replicationGroups())
        .extracting(ReplicationGroup::status).containsExactly("deleting");
    AwsServiceException gone = catchThrowableOfType(AwsServiceException.class,
        () -> cache.describeReplicationGroups(b -> b.replicationGroupId(id)));
    assertThat(AwsErrors.code(gone)).isEqualTo("ReplicationGroupNotFoundFault");
    assertThat(cache.describeSnapshots(b -> b.snapshotName(id + "-final")).snapshots())
        .extracting(s -> s.replicationGroupId()).containsExactly(id);
    cache.deleteSnapshot(b -> b.snapshotName(id + "-final"));
  }

  @Test
  void modifyAndDeleteCalls_answerAsOnAws() {
    create(true);
    ReplicationGroup modified = cache.modifyReplicationGroup(b -> b.replicationGroupId(id).snapshotRetentionLimit(3)
        .applyImmediately(true)).replicationGroup();
    assertThat(modified.snapshotRetentionLimit()).isEqualTo(3);
    assertThat(cache.modifyCacheSubnetGroup(b -> b.cacheSubnetGroupName(id).subnetIds(subnets.get(0)))
        .cacheSubnetGroup().subnets()).extracting(s -> s.subnetIdentifier()).containsExactly(subnets.get(0));
    AwsServiceException inUse = catchThrowableOfType(AwsServiceException.class,
        () -> cache.deleteCacheSubnetGroup(b -> b.cacheSubnetGroupName(id)));
    assertThat(AwsErrors.code(inUse)).isEqualTo("CacheSubnetGroupInUse");

    deleteGroup();
    cache.deleteCacheSubnetGroup(b -> b.cacheSubnetGroupName(id));

    AwsServiceException gone = catchThrowableOfType(AwsServiceException.class,
        () -> cache.describeCacheSubnetGroups(b -> b.cacheSubnetGroupName(id)));
    assertThat(AwsErrors.code(gone)).isEqualTo("CacheSubnetGroupNotFoundFault");
  }
}
