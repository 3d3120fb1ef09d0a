package io.provisioner.steps.data.elasticache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.model.AutomaticFailoverStatus;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheParameterGroupStatus;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.ModifyReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.MultiAZStatus;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.SecurityGroupMembership;

class GroupDriftTest {
  static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String SG = "sg-0123456789abcdef0";
  static final String ID = "provisioner-prod-redis";

  static DesiredGroup desired() {
    return new DesiredGroup(ElastiCacheSpecTest.prod(), ID, ID, "provisioner prod: Redis in the data subnets",
        KEY_ARN, SG, List.of("subnet-a", "subnet-b", "subnet-c"));
  }

  /** The group as ElastiCache reports it when everything matches {@link #desired()}. */
  static ReplicationGroup group() {
    List<String> azs = List.of("us-east-1a", "us-east-1b", "us-east-1c");
    List<NodeGroupMember> members = List.of(
        member(ID + "-001", azs.get(0), "primary"), member(ID + "-002", azs.get(1), "replica"),
        member(ID + "-003", azs.get(2), "replica"));
    return ReplicationGroup.builder()
        .replicationGroupId(ID).description("provisioner prod: application cache").status("available")
        .arn("arn:aws:elasticache:us-east-1:111122223333:replicationgroup:" + ID)
        .memberClusters(ID + "-001", ID + "-002", ID + "-003")
        .nodeGroups(NodeGroup.builder().nodeGroupId("0001").status("available")
            .primaryEndpoint(Endpoint.builder().address("master." + ID + ".use1.cache.amazonaws.com").port(6379).build())
            .readerEndpoint(Endpoint.builder().address("replica." + ID + ".use1.cache.amazonaws.com").port(6379).build())
            .nodeGroupMembers(members).build())
        .automaticFailover(AutomaticFailoverStatus.ENABLED).multiAZ(MultiAZStatus.ENABLED)
        .snapshotRetentionLimit(7).snapshotWindow("03:00-04:00").clusterEnabled(false)
        .cacheNodeType("cache.r6g.large").authTokenEnabled(true).transitEncryptionEnabled(true)
        .atRestEncryptionEnabled(true).kmsKeyId(KEY_ARN).engine("redis")
        .build();
  }

  /** The primary member cluster as DescribeCacheClusters reports it when everything matches. */
  static CacheCluster primary() {
    return CacheCluster.builder().cacheClusterId(ID + "-001").replicationGroupId(ID).engine("redis")
        .engineVersion("7.1.0").cacheNodeType("cache.r6g.large").preferredAvailabilityZone("us-east-1a")
        .preferredMaintenanceWindow("sun:05:00-sun:06:00")
        .cacheParameterGroup(CacheParameterGroupStatus.builder().cacheParameterGroupName("default.redis7").build())
        .cacheSubnetGroupName(ID)
        .securityGroups(SecurityGroupMembership.builder().securityGroupId(SG).status("active").build())
        .build();
  }

  private static NodeGroupMember member(String id, String az, String role) {
    return NodeGroupMember.builder().cacheClusterId(id).cacheNodeId("0001").preferredAvailabilityZone(az)
        .currentRole(role).build();
  }

  private static GroupDrift drift(UnaryOperator<ReplicationGroup.Builder> group,
      UnaryOperator<CacheCluster.Builder> member) {
    return GroupDrift.between(desired(), group.apply(group().toBuilder()).build(),
        Optional.of(member.apply(primary().toBuilder()).build()));
  }

  @Test
  void matchingGroup_hasNoDifference_andNoModification() {
    GroupDrift drift = drift(g -> g, m -> m);
    assertThat(drift.differences()).isEmpty();
    assertThat(drift.modification()).isEmpty();
  }

  @Test
  void snapshotRetention_drifted_isModifiedInPlace_andNothingElse() {
    GroupDrift drift = drift(g -> g.snapshotRetentionLimit(1), m -> m);

    assertThat(drift.differences()).containsExactly("snapshotRetentionDays is 1, expected 7");
    assertThat(drift.fixedAtCreation()).isEmpty();
    ModifyReplicationGroupRequest modify = drift.modification().orElseThrow();
    assertThat(modify).isEqualTo(ModifyReplicationGroupRequest.builder().replicationGroupId(ID)
        .applyImmediately(true).snapshotRetentionLimit(7).build());
  }

  @Test
  void everyInPlaceSetting_isPutInOneModification() {
    GroupDrift drift = drift(
        g -> g.description("old").cacheNodeType("cache.r6g.xlarge").snapshotWindow("01:00-02:00")
            .automaticFailover(AutomaticFailoverStatus.DISABLED).multiAZ(MultiAZStatus.DISABLED),
        m -> m.engineVersion("6.2.6").cacheParameterGroup(p -> p.cacheParameterGroupName("default.redis6.x"))
            .securityGroups(SecurityGroupMembership.builder().securityGroupId("sg-other").build())
            .preferredMaintenanceWindow("mon:05:00-mon:06:00"));

    assertThat(drift.fixedAtCreation()).isEmpty();
    assertThat(drift.changes()).containsExactlyInAnyOrder("description", "nodeType", "snapshotWindow",
        "automaticFailover", "multiAz", "engineVersion", "parameterGroupName", "securityGroups", "maintenanceWindow");
    ModifyReplicationGroupRequest modify = drift.modification().orElseThrow();
    assertThat(modify.replicationGroupDescription()).isEqualTo("provisioner prod: application cache");
    assertThat(modify.cacheNodeType()).isEqualTo("cache.r6g.large");
    assertThat(modify.engineVersion()).isEqualTo("7.1");
    assertThat(modify.cacheParameterGroupName()).isEqualTo("default.redis7");
    assertThat(modify.securityGroupIds()).containsExactly(SG);
    assertThat(modify.preferredMaintenanceWindow()).isEqualTo("sun:05:00-sun:06:00");
    assertThat(modify.automaticFailoverEnabled()).isTrue();
    assertThat(modify.multiAZEnabled()).isTrue();
    assertThat(modify.applyImmediately()).isTrue();
    assertThat(modify.authToken()).as("the token is never part of a modification").isNull();
  }

  @Test
  void encryptionTokenAndPort_areFixedAtCreation_eachNamedWithWhatToDo() {
    GroupDrift drift = drift(
        g -> g.transitEncryptionEnabled(false).atRestEncryptionEnabled(false).authTokenEnabled(false)
            .nodeGroups(group().nodeGroups().get(0).toBuilder().primaryEndpoint(e -> e.address("x").port(6380)).build()),
        m -> m);

    assertThat(drift.fixedAtCreation()).hasSize(4).allMatch(d -> d.contains("rollback --to data.elasticache"));
    assertThat(String.join("\n", drift.fixedAtCreation()))
        .contains("encryption in transit is off").contains("encryption at rest is off")
        .contains("AUTH token is not enabled").contains("port is 6380, expected 6379");
    assertThat(drift.modification()).isEmpty();
  }

  @Test
  void kmsKey_isTheSameByIdOrArn_andDifferentKeyIsFixed() {
    String keyId = KEY_ARN.substring(KEY_ARN.indexOf("key/") + 4);
    assertThat(drift(g -> g.kmsKeyId(keyId), m -> m).differences()).isEmpty();
    assertThat(drift(g -> g.kmsKeyId("arn:aws:kms:us-east-1:111122223333:key/other"), m -> m).fixedAtCreation())
        .singleElement().asString().contains("uses KMS key");
  }

  @Test
  void newerEngine_isNotDowngraded() {
    GroupDrift drift = drift(g -> g, m -> m.engineVersion("7.2.4"));
    assertThat(drift.modification()).isEmpty();
    assertThat(drift.fixedAtCreation()).singleElement().asString().contains("cannot downgrade");
  }

  @Test
  void nodesInOtherAzs_orAnotherCount_areFixed_butAFailedOverPrimaryIsNot() {
    ReplicationGroup failedOver = group().toBuilder().nodeGroups(group().nodeGroups().get(0).toBuilder()
        .nodeGroupMembers(member(ID + "-001", "us-east-1a", "replica"), member(ID + "-002", "us-east-1b", "primary"),
            member(ID + "-003", "us-east-1c", "replica")).build()).build();
    assertThat(GroupDrift.between(desired(), failedOver, Optional.of(primary())).differences()).isEmpty();
    assertThat(GroupDrift.memberToRead(failedOver)).contains(ID + "-002");

    ReplicationGroup moved = group().toBuilder().nodeGroups(group().nodeGroups().get(0).toBuilder()
        .nodeGroupMembers(member(ID + "-001", "us-east-1a", "primary"), member(ID + "-002", "us-east-1b", "replica"),
            member(ID + "-003", "us-east-1d", "replica")).build()).build();
    assertThat(GroupDrift.between(desired(), moved, Optional.of(primary())).fixedAtCreation())
        .singleElement().asString().startsWith("availabilityZones:");

    ReplicationGroup smaller = group().toBuilder().nodeGroups(group().nodeGroups().get(0).toBuilder()
        .nodeGroupMembers(member(ID + "-001", "us-east-1a", "primary")).build()).build();
    assertThat(GroupDrift.between(desired(), smaller, Optional.of(primary())).fixedAtCreation())
        .singleElement().asString().startsWith("replicasPerNodeGroup: the group has 1 nodes, expected 3");
  }

  @Test
  void unreadableMember_isADifference_butChangesNothing() {
    GroupDrift drift = GroupDrift.between(desired(), group(), Optional.empty());
    assertThat(drift.differences()).singleElement().asString()
        .contains("member cluster " + ID + "-001 could not be read");
    assertThat(drift.fixedAtCreation()).isEmpty();
    assertThat(drift.modification()).isEmpty();
  }

  @Test
  void maintenanceWindow_isComparedCaseInsensitively() {
    assertThat(drift(g -> g, m -> m.preferredMaintenanceWindow("SUN:05:00-SUN:06:00")).differences()).isEmpty();
  }
}
