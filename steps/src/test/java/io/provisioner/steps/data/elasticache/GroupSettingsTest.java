package io.provisioner.steps.data.elasticache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.elasticache.model.PendingAutomaticFailoverStatus;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupPendingModifiedValues;
import software.amazon.awssdk.services.elasticache.model.SecurityGroupMembership;

/**
 * {@link GroupSettings} on groups as ElastiCache reports them: what each setting finds, and what
 * converging applies (the ModifyReplicationGroup calls, recorded instead of sent), as the loop
 * does it: every setting that differs is applied, in order.
 */
class GroupSettingsTest {
  static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String SG = "sg-0123456789abcdef0";
  static final String ID = "provisioner-prod-redis";

  private final List<ModifyReplicationGroupRequest> requests = new ArrayList<>();
  private final List<Setting<CacheGroup>> settings = GroupSettings.of(
      new DesiredGroup(ElastiCacheSpecTest.prod(), ID, ID, KEY_ARN, SG), change -> {
        ModifyReplicationGroupRequest.Builder b =
            ModifyReplicationGroupRequest.builder().replicationGroupId(ID).applyImmediately(true);
        change.accept(b);
        requests.add(b.build());
      });

  /** The group as ElastiCache reports it when everything matches the prod spec. */
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

  private static CacheGroup live(UnaryOperator<ReplicationGroup.Builder> group,
      UnaryOperator<CacheCluster.Builder> member) {
    return new CacheGroup(group.apply(group().toBuilder()).build(), Map.of(), member.apply(primary().toBuilder())
        .build());
  }

  private static CacheGroup withMembers(NodeGroupMember... members) {
    return live(g -> g.nodeGroups(group().nodeGroups().get(0).toBuilder().nodeGroupMembers(members).build()), m -> m);
  }

  private List<String> differences(CacheGroup live) {
    return settings.stream().flatMap(s -> s.differences(live).stream()).toList();
  }

  /** As the loop converges: each setting that differs is applied, in order. */
  private void converge(CacheGroup live) {
    settings.stream().filter(s -> !s.differences(live).isEmpty()).forEach(s -> s.apply(live));
  }

  @Test
  void matchingGroup_hasNoDifference_andNothingToApply() {
    CacheGroup live = live(g -> g, m -> m);
    assertThat(differences(live)).isEmpty();
    converge(live);
    assertThat(requests).isEmpty();
  }

  @Test
  void snapshotRetention_drifted_isModifiedInPlace_andNothingElse() {
    CacheGroup live = live(g -> g.snapshotRetentionLimit(1), m -> m);

    assertThat(differences(live)).containsExactly("snapshotRetentionDays is 1, expected 7");
    converge(live);
    assertThat(requests).containsExactly(ModifyReplicationGroupRequest.builder().replicationGroupId(ID)
        .applyImmediately(true).snapshotRetentionLimit(7).build());
  }

  @Test
  void everyInPlaceSetting_isOneModification_failoverAndMultiAzTogether() {
    CacheGroup live = live(
        g -> g.description("old").cacheNodeType("cache.r6g.xlarge").snapshotWindow("01:00-02:00")
            .automaticFailover(AutomaticFailoverStatus.DISABLED).multiAZ(MultiAZStatus.DISABLED),
        m -> m.engineVersion("6.2.6").cacheParameterGroup(p -> p.cacheParameterGroupName("default.redis6.x"))
            .securityGroups(SecurityGroupMembership.builder().securityGroupId("sg-other").build())
            .preferredMaintenanceWindow("mon:05:00-mon:06:00"));

    assertThat(differences(live)).hasSize(8).noneMatch(d -> d.contains("fixed at creation"))
        .contains("automaticFailover/multiAz is \"disabled/disabled\", expected \"enabled/enabled\"");
    converge(live);

    ModifyReplicationGroupRequest.Builder base =
        ModifyReplicationGroupRequest.builder().replicationGroupId(ID).applyImmediately(true);
    assertThat(requests).containsExactly(
        base.copy().engineVersion("7.1").build(),
        base.copy().replicationGroupDescription("provisioner prod: application cache").build(),
        base.copy().cacheNodeType("cache.r6g.large").build(),
        base.copy().cacheParameterGroupName("default.redis7").build(),
        base.copy().securityGroupIds(SG).build(),
        base.copy().preferredMaintenanceWindow("sun:05:00-sun:06:00").build(),
        base.copy().snapshotWindow("03:00-04:00").build(),
        base.copy().automaticFailoverEnabled(true).multiAZEnabled(true).build());
    assertThat(requests).as("the token is never part of a modification").allMatch(r -> r.authToken() == null);
  }

  @Test
  void encryptionTokenAndPort_areFixedAtCreation_andConvergingChangesNothing() {
    CacheGroup live = live(
        g -> g.transitEncryptionEnabled(false).atRestEncryptionEnabled(false).authTokenEnabled(false)
            .snapshotRetentionLimit(1)
            .nodeGroups(group().nodeGroups().get(0).toBuilder().primaryEndpoint(e -> e.address("x").port(6380)).build()),
        m -> m);

    assertThat(differences(live)).filteredOn(d -> d.endsWith("(fixed at creation)")).containsExactly(
        "encryption at rest is false, expected true (fixed at creation)",
        "encryption in transit is false, expected true (fixed at creation)",
        "AUTH token is false, expected true (fixed at creation)",
        "port is 6380, expected 6379 (fixed at creation)");
    StepException e = catchThrowableOfType(StepException.class, () -> converge(live));
    assertThat(e).hasMessageContaining("encryption at rest is false but the spec says true")
        .hasMessageContaining("replication group " + ID + " must be created anew")
        .hasMessageContaining("rollback --to data.elasticache");
    assertThat(requests).as("nothing is changed, not even what could be").isEmpty();
  }

  @Test
  void kmsKey_isTheSameByIdOrArn_andDifferentKeyIsFixed() {
    String keyId = KEY_ARN.substring(KEY_ARN.indexOf("key/") + 4);
    assertThat(differences(live(g -> g.kmsKeyId(keyId), m -> m))).isEmpty();
    assertThat(differences(live(g -> g.kmsKeyId("arn:aws:kms:us-east-1:111122223333:key/other"), m -> m)))
        .singleElement().asString().startsWith("KMS key of encryption at rest is").endsWith("(fixed at creation)");
  }

  @Test
  void newerEngine_isNotDowngraded() {
    CacheGroup live = live(g -> g, m -> m.engineVersion("7.2.4"));

    assertThat(differences(live)).containsExactly("engineVersion is 7.2.4, newer than 7.1 (ElastiCache cannot downgrade)");
    assertThat(catchThrowableOfType(StepException.class, () -> converge(live)))
        .hasMessageContaining("set engineVersion to 7.2.4 in the profile");
    assertThat(requests).isEmpty();
  }

  @Test
  void nodesInOtherAzs_orAnotherCount_areFixed_butAFailedOverPrimaryIsNot() {
    CacheGroup failedOver = withMembers(member(ID + "-001", "us-east-1a", "replica"),
        member(ID + "-002", "us-east-1b", "primary"), member(ID + "-003", "us-east-1c", "replica"));
    assertThat(differences(failedOver)).isEmpty();
    assertThat(CacheGroup.memberToRead(failedOver.group())).contains(ID + "-002");

    assertThat(differences(withMembers(member(ID + "-001", "us-east-1a", "primary"),
        member(ID + "-002", "us-east-1b", "replica"), member(ID + "-003", "us-east-1d", "replica"))))
        .singleElement().asString().startsWith("availabilityZones is [us-east-1a, us-east-1b, us-east-1d]");

    assertThat(differences(withMembers(member(ID + "-001", "us-east-1a", "primary"))))
        .containsExactly("nodes (replicasPerNodeGroup + 1) is 1, expected 3 (fixed at creation)");
  }

  @Test
  void unreadableMember_isADifference_andConvergingFails() {
    CacheGroup live = new CacheGroup(group(), Map.of(), null);

    assertThat(differences(live)).singleElement().asString()
        .contains("member cluster " + ID + "-001 could not be read");
    assertThat(catchThrowableOfType(StepException.class, () -> converge(live))).hasMessageContaining("could not be read");
    assertThat(requests).isEmpty();
  }

  @Test
  void failedCreation_isADifference_andConvergingSaysToRollBack() {
    CacheGroup live = live(g -> g.status("create-failed"), m -> m);

    assertThat(differences(live)).containsExactly("status is create-failed (the ElastiCache events say why)");
    assertThat(catchThrowableOfType(StepException.class, () -> converge(live)))
        .hasMessageContaining("rollback --to data.elasticache");
  }

  @Test
  void groupBeingCreated_isNotCompared() {
    CacheGroup creating = new CacheGroup(ReplicationGroup.builder().replicationGroupId(ID).status("creating").build(),
        Map.of(), null);
    assertThat(differences(creating)).isEmpty();
  }

  @Test
  void maintenanceWindow_isComparedCaseInsensitively() {
    assertThat(differences(live(g -> g, m -> m.preferredMaintenanceWindow("SUN:05:00-SUN:06:00")))).isEmpty();
  }

  @Test
  void pendingChanges_nameWhatIsPending_andAnEmptyElementIsNothing() {
    assertThat(ReplicationGroupResource.pendingChanges(ReplicationGroupPendingModifiedValues.builder().build()))
        .isEmpty();
    assertThat(ReplicationGroupResource.pendingChanges(ReplicationGroupPendingModifiedValues.builder()
        .automaticFailoverStatus(PendingAutomaticFailoverStatus.ENABLED).build()))
        .containsExactly("AutomaticFailoverStatus enabled");
  }
}
