package io.provisioner.steps.data.elasticache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.provisioner.steps.data.elasticache.CacheXml.GROUP_ARN;
import static io.provisioner.steps.data.elasticache.CacheXml.ID;
import static io.provisioner.steps.data.elasticache.CacheXml.SUBNET_GROUP_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.data.secrets.SecretsOutputs;
import io.provisioner.steps.data.secrets.SecretsStep;
import io.provisioner.steps.network.securitygroups.SecurityGroupsOutputs;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcOutputs;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.kms.KmsOutputs;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.WireMockStepContext;
import java.time.Duration;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ElastiCacheStep} request by request against stubbed ElastiCache and Secrets Manager
 * endpoints: the calls moto 5.2.1 lacks (ModifyReplicationGroup, ModifyCacheSubnetGroup,
 * DeleteCacheSubnetGroup), the exact CreateReplicationGroup and DeleteReplicationGroup requests,
 * waiting, and what the step does with answers moto never gives.
 */
class ElastiCacheStepTest {
  private static final String TOKEN = "wm-AuthToken-5f2e9d7c1b";
  private static final String SUBNET_DESCRIPTION = "provisioner wm: Redis in the data subnets";
  private static final String GROUP = "group";

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private WireMockStepContext ctx;

  @BeforeEach
  void start() {
    VpcOutputs vpc = new VpcOutputs("vpc-0abc", "10.0.0.0/16", "prod", "us-east-1",
        List.of("us-east-1a", "us-east-1b", "us-east-1c"),
        Map.of("data", CacheXml.SUBNETS, "app", Map.of("us-east-1a", "subnet-app-a")), Map.of());
    ctx = WireMockStepContext.builder(wm.baseUrl(), ElastiCacheStep.ID)
        .target("prod", "us-east-1")
        .published(KmsStep.OUTPUTS, new KmsOutputs("1234abcd-12ab-34cd-56ef-1234567890ab", CacheXml.KEY_ARN,
            "alias/wm", null, null))
        .published(VpcStep.OUTPUTS, vpc)
        .published(SecurityGroupsStep.OUTPUTS, new SecurityGroupsOutputs(Map.of(SecurityGroupsOutputs.REDIS,
            CacheXml.SG, SecurityGroupsOutputs.ECS, "sg-0ecs")))
        .published(SecretsStep.OUTPUTS, new SecretsOutputs(null, CacheXml.SECRET_ARN, null))
        .waits(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(1))
        .build();
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  static ElastiCacheSpec spec(int retentionDays) {
    return new ElastiCacheSpec(null, "wm cache", "7.1", "cache.t4g.small", 2,
        List.of("us-east-1a", "us-east-1b", "us-east-1c"), null, retentionDays, "03:00-04:00", "sun:05:00-sun:06:00",
        null, true, true);
  }

  private static ElastiCacheStep step(int retentionDays) {
    return new ElastiCacheStep(spec(retentionDays));
  }

  // ---------------------------------------------------------------- stubs

  private static MappingBuilder action(String action) {
    return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
  }

  private static ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
  }

  private static ResponseDefinitionBuilder fault(int status, String code, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(CacheXml.error(code, message));
  }

  private static ResponseDefinitionBuilder groupNotFound() {
    return fault(404, "ReplicationGroupNotFoundFault", "Replication group " + ID + " not found.");
  }

  private void stubTags(String arn, String logicalKey) {
    wm.stubFor(action("ListTagsForResource").withRequestBody(containing("ResourceName=" + form(arn)))
        .willReturn(xml(CacheXml.tags(ctx.tags().forKey(logicalKey)))));
  }

  private void stubSubnetGroup(String... subnets) {
    wm.stubFor(action("DescribeCacheSubnetGroups").willReturn(xml(CacheXml.subnetGroups(SUBNET_DESCRIPTION, subnets))));
    stubTags(SUBNET_GROUP_ARN, "subnetGroup");
  }

  /** Everything as specified: subnet group, group, its primary member, tags. */
  private void stubInSync(CacheXml.Group group) {
    stubSubnetGroup("subnet-a", "subnet-b", "subnet-c");
    wm.stubFor(action("DescribeReplicationGroups").willReturn(xml(CacheXml.groups(group))));
    wm.stubFor(action("DescribeCacheClusters").willReturn(xml(CacheXml.primary())));
    stubTags(GROUP_ARN, "replicationGroup");
  }

  /** DescribeReplicationGroups answers in turn, the scenario moving on with each call; the last one stays. */
  private static void stubDescribeSequence(String startState, ResponseDefinitionBuilder... answers) {
    String state = startState;
    for (int i = 0; i < answers.length; i++) {
      boolean last = i == answers.length - 1;
      String next = last ? state : startState + "-" + (i + 1);
      ScenarioMappingBuilder stub = action("DescribeReplicationGroups").inScenario(GROUP).whenScenarioStateIs(state);
      wm.stubFor((last ? stub : stub.willSetStateTo(next)).willReturn(answers[i]));
      state = next;
    }
  }

  private static void stubSecret() {
    wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"ARN\":\"" + CacheXml.SECRET_ARN + "\",\"Name\":\"provisioner/wm/cache\","
                + "\"SecretString\":\"" + TOKEN + "\",\"VersionId\":\"v1\"}")));
  }

  /** The decoded form bodies of the requests of one action, in the order they were made. */
  private static List<Map<String, String>> requests(String action) {
    List<Map<String, String>> forms = new ArrayList<>();
    for (LoggedRequest request : wm.findAll(postRequestedFor(urlEqualTo("/"))
        .withRequestBody(containing("Action=" + action + "&")))) {
      Map<String, String> form = new LinkedHashMap<>();
      for (String pair : request.getBodyAsString().split("&")) {
        int eq = pair.indexOf('=');
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      forms.add(form);
    }
    return forms;
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- create

  @Test
  void create_whenSnapshotRetentionDrifted_modifiesOnlyIt_inPlace_andWaitsUntilAvailable() {
    stubInSync(new CacheXml.Group());
    stubDescribeSequence(Scenario.STARTED, xml(CacheXml.groups(new CacheXml.Group().retention(1))));
    wm.stubFor(action("ModifyReplicationGroup").inScenario(GROUP).whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("modifying")
        .willReturn(xml(CacheXml.response("ModifyReplicationGroup", new CacheXml.Group().status("modifying").xml()))));
    stubDescribeSequence("modifying", xml(CacheXml.groups(new CacheXml.Group().status("modifying"))),
        xml(CacheXml.groups(new CacheXml.Group())));

    step(7).create(ctx);

    assertThat(requests("ModifyReplicationGroup")).containsExactly(Map.of(
        "Action", "ModifyReplicationGroup", "Version", "2015-02-02", "ReplicationGroupId", ID,
        "ApplyImmediately", "true", "SnapshotRetentionLimit", "7"));
    assertThat(ctx.operations()).doesNotContain("CreateReplicationGroup", "GetSecretValue", "AddTagsToResource",
        "ModifyCacheSubnetGroup", "CreateCacheSubnetGroup");
    assertThat(ctx.operations().subList(ctx.operations().indexOf("ModifyReplicationGroup"), ctx.operations().size()))
        .as("waits: describes after the modification until available").filteredOn("DescribeReplicationGroups"::equals)
        .hasSize(2);
    assertThat(ctx.checkpointMap())
        .containsEntry("replicationGroup.id", ID)
        .containsEntry("replicationGroup.arn", GROUP_ARN)
        .containsEntry("primaryEndpoint.address", "master." + ID + ".abc123.use1.cache.amazonaws.com")
        .containsEntry("primaryEndpoint.port", "6379")
        .containsEntry("readerEndpoint.address", "replica." + ID + ".abc123.use1.cache.amazonaws.com")
        .containsEntry("port", "6379")
        .containsEntry("subnetGroup.name", ID);
    assertThat(step(7).verify(ctx).isInSync()).isTrue();
  }

  @Test
  void create_whenTheSubnetSetDiffers_modifiesTheSubnetGroup_andWaitsUntilItShowsThem() {
    stubInSync(new CacheXml.Group());
    wm.stubFor(action("DescribeCacheSubnetGroups").inScenario("subnets").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(xml(CacheXml.subnetGroups(SUBNET_DESCRIPTION, "subnet-a", "subnet-b"))));
    wm.stubFor(action("ModifyCacheSubnetGroup").inScenario("subnets").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("modified").willReturn(xml(CacheXml.response("ModifyCacheSubnetGroup",
            CacheXml.subnetGroup(SUBNET_DESCRIPTION, "subnet-a", "subnet-b", "subnet-c")))));
    wm.stubFor(action("DescribeCacheSubnetGroups").inScenario("subnets").whenScenarioStateIs("modified")
        .willReturn(xml(CacheXml.subnetGroups(SUBNET_DESCRIPTION, "subnet-a", "subnet-b", "subnet-c"))));

    step(7).create(ctx);

    assertThat(requests("ModifyCacheSubnetGroup")).containsExactly(Map.of(
        "Action", "ModifyCacheSubnetGroup", "Version", "2015-02-02", "CacheSubnetGroupName", ID,
        "SubnetIds.SubnetIdentifier.1", "subnet-a", "SubnetIds.SubnetIdentifier.2", "subnet-b",
        "SubnetIds.SubnetIdentifier.3", "subnet-c"));
    List<String> ops = ctx.operations();
    assertThat(ops.subList(ops.indexOf("ModifyCacheSubnetGroup"), ops.size()))
        .as("read again until the new subnets show").contains("DescribeCacheSubnetGroups");
    assertThat(ops).doesNotContain("ModifyReplicationGroup");
  }

  @Test
  void create_whenConverged_makesOnlyReadCalls() {
    stubInSync(new CacheXml.Group());

    step(7).create(ctx);

    assertThat(ctx.operations()).isNotEmpty()
        .allMatch(op -> op.startsWith("Describe") || op.startsWith("List"), "is a read");
  }

  @Test
  void create_whenTransitEncryptionIsOff_failsNamingIt_andChangesNothing() {
    stubInSync(new CacheXml.Group().transit(false).retention(1));

    StepException e = catchThrowableOfType(StepException.class, () -> step(7).create(ctx));

    assertThat(e).hasMessageContaining("encryption in transit is false but the spec says true")
        .hasMessageContaining("cannot be changed in place: replication group " + ID + " must be created anew")
        .hasMessageContaining("rollback --to data.elasticache");
    assertThat(ctx.operations()).as("nothing is changed, not even what could be")
        .doesNotContain("ModifyReplicationGroup", "AddTagsToResource", "CreateReplicationGroup");
  }

  @Test
  void create_whenTheGroupIsMissing_writesTheIntent_readsTheToken_andSendsEverySetting() {
    stubSubnetGroup("subnet-a", "subnet-b", "subnet-c");
    stubSecret();
    stubTags(GROUP_ARN, "replicationGroup");
    wm.stubFor(action("DescribeCacheClusters").willReturn(xml(CacheXml.primary())));
    stubDescribeSequence(Scenario.STARTED, groupNotFound());
    wm.stubFor(action("CreateReplicationGroup").inScenario(GROUP).whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("created")
        .willReturn(xml(CacheXml.response("CreateReplicationGroup", new CacheXml.Group().status("creating").xml()))));
    stubDescribeSequence("created", xml(CacheXml.groups(new CacheXml.Group().status("creating"))),
        xml(CacheXml.groups(new CacheXml.Group())));
    List<String> opsAtIntent = new ArrayList<>();
    ctx.onPut((key, value) -> {
      if (key.equals("intent:replicationGroup")) {
        opsAtIntent.addAll(ctx.operations());
      }
    });

    step(7).create(ctx);

    assertThat(opsAtIntent).as("operations made before the intent was written")
        .isNotEmpty().doesNotContain("CreateReplicationGroup", "GetSecretValue");
    assertThat(ctx.operations()).as("the token is read once, for the create")
        .filteredOn("GetSecretValue"::equals).hasSize(1);
    Map<String, String> create = requests("CreateReplicationGroup").get(0);
    assertThat(create)
        .containsEntry("ReplicationGroupId", ID)
        .containsEntry("ReplicationGroupDescription", "wm cache")
        .containsEntry("Engine", "redis")
        .containsEntry("EngineVersion", "7.1")
        .containsEntry("CacheNodeType", "cache.t4g.small")
        .containsEntry("NumCacheClusters", "3")
        .containsEntry("PreferredCacheClusterAZs.AvailabilityZone.1", "us-east-1a")
        .containsEntry("PreferredCacheClusterAZs.AvailabilityZone.2", "us-east-1b")
        .containsEntry("PreferredCacheClusterAZs.AvailabilityZone.3", "us-east-1c")
        .containsEntry("AutomaticFailoverEnabled", "true")
        .containsEntry("MultiAZEnabled", "true")
        .containsEntry("AtRestEncryptionEnabled", "true")
        .containsEntry("KmsKeyId", CacheXml.KEY_ARN)
        .containsEntry("TransitEncryptionEnabled", "true")
        .containsEntry("AuthToken", TOKEN)
        .containsEntry("SecurityGroupIds.SecurityGroupId.1", CacheXml.SG)
        .containsEntry("CacheSubnetGroupName", ID)
        .containsEntry("CacheParameterGroupName", "default.redis7")
        .containsEntry("Port", "6379")
        .containsEntry("SnapshotRetentionLimit", "7")
        .containsEntry("SnapshotWindow", "03:00-04:00")
        .containsEntry("PreferredMaintenanceWindow", "sun:05:00-sun:06:00")
        .doesNotContainKeys("NumNodeGroups", "ReplicasPerNodeGroup", "SecurityGroupIds.SecurityGroupId.2");
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 1; create.containsKey("Tags.Tag." + i + ".Key"); i++) {
      tags.put(create.get("Tags.Tag." + i + ".Key"), create.get("Tags.Tag." + i + ".Value"));
    }
    assertThat(tags).isEqualTo(ctx.tags().forKey("replicationGroup"));
    assertThat(ctx.checkpointMap()).containsEntry("replicationGroup.id", ID)
        .containsEntry("readerEndpoint.address", "replica." + ID + ".abc123.use1.cache.amazonaws.com")
        .doesNotContainKey("intent:replicationGroup");
    assertThat(ctx.checkpointMap().values()).noneMatch(v -> v.contains(TOKEN));
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ListTagsForResource&"))
        .withRequestBody(containing(form(GROUP_ARN))))).as("tags are listed once the group is available, not before "
            + "(ListTagsForResource fails on a group in any other status)").hasSize(1);
  }

  @Test
  void create_whenTheServiceEchoesTheTokenInAnError_reportsItRedacted_withoutTheCause() {
    stubSubnetGroup("subnet-a", "subnet-b", "subnet-c");
    stubSecret();
    wm.stubFor(action("DescribeReplicationGroups").willReturn(groupNotFound()));
    wm.stubFor(action("CreateReplicationGroup").willReturn(fault(400, "InvalidParameterValue",
        "Invalid AuthToken " + TOKEN + " for this engine")));

    StepException e = catchThrowableOfType(StepException.class, () -> step(7).create(ctx));

    assertThat(e).hasMessageContaining("create replication group " + ID + " failed")
        .hasMessageContaining("Invalid AuthToken **** for this engine")
        .hasMessageContaining("[code=InvalidParameterValue]")
        .hasNoCause();
    assertThat(e.getMessage()).doesNotContain(TOKEN);
    assertThat(ctx.checkpointMap()).containsKey("intent:replicationGroup");
    assertThat(ctx.checkpointMap().values()).noneMatch(v -> v.contains(TOKEN));
  }

  @Test
  void create_whenTheGroupIsStillBeingDeleted_waitsUntilItIsGone_thenCreatesIt() {
    ctx.checkpoints().put("replicationGroup.id", ID); // a rollback interrupted while the group was being deleted
    stubSubnetGroup("subnet-a", "subnet-b", "subnet-c");
    stubSecret();
    stubTags(GROUP_ARN, "replicationGroup");
    wm.stubFor(action("DescribeCacheClusters").willReturn(xml(CacheXml.primary())));
    stubDescribeSequence(Scenario.STARTED, xml(CacheXml.groups(new CacheXml.Group().status("deleting"))),
        xml(CacheXml.groups(new CacheXml.Group().status("deleting"))), groupNotFound());
    wm.stubFor(action("CreateReplicationGroup").inScenario(GROUP).whenScenarioStateIs(Scenario.STARTED + "-2")
        .willSetStateTo("created")
        .willReturn(xml(CacheXml.response("CreateReplicationGroup", new CacheXml.Group().xml()))));
    stubDescribeSequence("created", xml(CacheXml.groups(new CacheXml.Group())));

    step(7).create(ctx);

    List<String> ops = ctx.operations();
    assertThat(ops.subList(0, ops.indexOf("CreateReplicationGroup"))).filteredOn("DescribeReplicationGroups"::equals)
        .as("3 until the old group was gone, then the recorded id, the lookup and the check that the id is free")
        .hasSize(6);
    assertThat(requests("CreateReplicationGroup")).hasSize(1);
  }

  // ---------------------------------------------------------------- verify

  @Test
  void verify_listsEveryDifference_withoutChangingAnything() {
    stubInSync(new CacheXml.Group().retention(1));
    wm.stubFor(action("ListTagsForResource").withRequestBody(containing("ResourceName=" + form(GROUP_ARN)))
        .willReturn(xml(CacheXml.tags(Map.of("provisioner:env", "wm", "provisioner:step", "data.elasticache",
            "provisioner:key", "replicationGroup")))));

    Verification verification = step(7).verify(ctx);

    assertThat(verification.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(verification.differences()).containsExactlyInAnyOrder(
        "replication group " + ID + ": snapshotRetentionDays is 1, expected 7",
        "replication group " + ID + ": tags [Project] are missing or differ");
    assertThat(ctx.operations()).allMatch(op -> op.startsWith("Describe") || op.startsWith("List"), "is a read");
  }

  @Test
  void verify_whenTheGroupIsGone_butItsSubnetGroupIsThere_isDrifted() {
    stubSubnetGroup("subnet-a", "subnet-b", "subnet-c");
    wm.stubFor(action("DescribeReplicationGroups").willReturn(groupNotFound()));

    Verification verification = step(7).verify(ctx);

    assertThat(verification.status()).isEqualTo(Verification.Status.DRIFTED);
    assertThat(verification.differences()).containsExactly("replication group " + ID + " does not exist");
  }

  @Test
  void verify_whenBothAreGone_isMissing() {
    wm.stubFor(action("DescribeCacheSubnetGroups")
        .willReturn(fault(400, "CacheSubnetGroupNotFoundFault", "CacheSubnetGroup " + ID + " not found.")));
    wm.stubFor(action("DescribeReplicationGroups").willReturn(groupNotFound()));

    Verification verification = step(7).verify(ctx);

    assertThat(verification.status()).isEqualTo(Verification.Status.MISSING);
    assertThat(verification.differences()).containsExactly("cache subnet group " + ID + " does not exist",
        "replication group " + ID + " does not exist");
  }

  @Test
  void verify_whenTheGroupIsBeingModified_isConverging() {
    ctx.checkpoints().put("replicationGroup.id", ID);
    stubInSync(new CacheXml.Group().status("modifying"));

    Verification verification = step(7).verify(ctx);

    assertThat(verification.status()).isEqualTo(Verification.Status.CONVERGING);
    assertThat(verification.differences()).containsExactly("replication group " + ID + ": status is modifying");
  }

  // ---------------------------------------------------------------- rollback

  private void recordCreated() {
    ctx.checkpoints().put("replicationGroup.id", ID);
    ctx.checkpoints().put("replicationGroup.arn", GROUP_ARN);
    ctx.checkpoints().put("primaryEndpoint.address", "master.x");
    ctx.checkpoints().put("primaryEndpoint.port", "6379");
    ctx.checkpoints().put("readerEndpoint.address", "replica.x");
    ctx.checkpoints().put("port", "6379");
    ctx.checkpoints().put("subnetGroup.name", ID);
  }

  private void stubDeletion() {
    stubTags(GROUP_ARN, "replicationGroup");
    wm.stubFor(action("DescribeCacheClusters").willReturn(xml(CacheXml.primary())));
    stubDescribeSequence(Scenario.STARTED, xml(CacheXml.groups(new CacheXml.Group())));
    wm.stubFor(action("DeleteReplicationGroup").inScenario(GROUP).whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("deleting")
        .willReturn(xml(CacheXml.response("DeleteReplicationGroup", new CacheXml.Group().status("deleting").xml()))));
    stubDescribeSequence("deleting", xml(CacheXml.groups(new CacheXml.Group().status("deleting"))), groupNotFound());
    wm.stubFor(action("DescribeCacheSubnetGroups").inScenario("subnets").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(xml(CacheXml.subnetGroups(SUBNET_DESCRIPTION, "subnet-a", "subnet-b", "subnet-c"))));
    stubTags(SUBNET_GROUP_ARN, "subnetGroup");
    wm.stubFor(action("DeleteCacheSubnetGroup").inScenario("subnets").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("gone").willReturn(xml(CacheXml.response("DeleteCacheSubnetGroup", null))));
    wm.stubFor(action("DescribeCacheSubnetGroups").inScenario("subnets").whenScenarioStateIs("gone")
        .willReturn(fault(400, "CacheSubnetGroupNotFoundFault", "CacheSubnetGroup " + ID + " not found.")));
    wm.stubFor(action("DeleteCacheSubnetGroup").inScenario("subnets").whenScenarioStateIs("gone")
        .willReturn(fault(400, "CacheSubnetGroupNotFoundFault", "CacheSubnetGroup " + ID + " not found.")));
  }

  @Test
  void rollback_takesAFinalSnapshot_waitsUntilTheGroupIsGone_thenDeletesTheSubnetGroup() {
    recordCreated();
    stubDeletion();

    step(7).rollback(ctx);

    assertThat(requests("DeleteReplicationGroup")).singleElement().satisfies(form -> {
      assertThat(form).containsEntry("ReplicationGroupId", ID).hasSize(4);
      assertThat(form.get("FinalSnapshotIdentifier")).as("named by the run's clock, UTC").matches(ID + "-final-\\d{14}");
    });
    assertThat(requests("DeleteCacheSubnetGroup")).containsExactly(Map.of("Action", "DeleteCacheSubnetGroup",
        "Version", "2015-02-02", "CacheSubnetGroupName", ID));
    List<String> ops = ctx.operations();
    assertThat(ops.lastIndexOf("DescribeReplicationGroups")).as("the group is gone before its subnet group is deleted")
        .isLessThan(ops.indexOf("DeleteCacheSubnetGroup"));
    assertThat(ops.subList(ops.indexOf("DeleteReplicationGroup"), ops.size()))
        .filteredOn("DescribeReplicationGroups"::equals).as("waited until the group was gone").hasSize(2);
    assertThat(ctx.checkpointMap()).isEmpty();

    step(7).rollback(ctx);
    assertThat(requests("DeleteReplicationGroup")).as("a second rollback deletes nothing more").hasSize(1);
    assertThat(requests("DeleteCacheSubnetGroup")).hasSize(1);
  }

  @Test
  void rollback_withoutSnapshotRetention_takesNoFinalSnapshot() {
    recordCreated();
    stubDeletion();

    step(0).rollback(ctx);

    assertThat(requests("DeleteReplicationGroup")).singleElement()
        .satisfies(form -> assertThat(form).doesNotContainKey("FinalSnapshotIdentifier"));
  }

  @Test
  void rollback_whenTheSubnetGroupIsStillInUse_retriesUntilItIsDeleted() {
    ctx.checkpoints().put("subnetGroup.name", ID);
    wm.stubFor(action("DescribeReplicationGroups").willReturn(groupNotFound()));
    wm.stubFor(action("DescribeCacheSubnetGroups")
        .willReturn(xml(CacheXml.subnetGroups(SUBNET_DESCRIPTION, "subnet-a", "subnet-b", "subnet-c"))));
    stubTags(SUBNET_GROUP_ARN, "subnetGroup");
    wm.stubFor(action("DeleteCacheSubnetGroup").inScenario("in use").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("free").willReturn(fault(400, "CacheSubnetGroupInUse", "Cache subnet group " + ID
            + " is currently in use by a cache cluster.")));
    wm.stubFor(action("DeleteCacheSubnetGroup").inScenario("in use").whenScenarioStateIs("free")
        .willReturn(xml(CacheXml.response("DeleteCacheSubnetGroup", null))));

    step(7).rollback(ctx);

    assertThat(requests("DeleteCacheSubnetGroup")).hasSize(2);
    assertThat(ctx.checkpointMap()).isEmpty();
  }

  @Test
  void rollback_whenNeitherIsTaggedAsOurs_deletesNothing() {
    wm.stubFor(action("DescribeReplicationGroups").willReturn(xml(CacheXml.groups(new CacheXml.Group()))));
    wm.stubFor(action("DescribeCacheSubnetGroups")
        .willReturn(xml(CacheXml.subnetGroups(SUBNET_DESCRIPTION, "subnet-a"))));
    wm.stubFor(action("ListTagsForResource").willReturn(xml(CacheXml.tags(Map.of("Owner", "someone-else")))));

    step(7).rollback(ctx);

    assertThat(ctx.operations()).doesNotContain("DeleteReplicationGroup", "DeleteCacheSubnetGroup");
  }

  @Test
  void probes_readAtMostTwentyGroups() {
    wm.stubFor(action("DescribeReplicationGroups")
        .willReturn(xml(CacheXml.response("DescribeReplicationGroups", "<ReplicationGroups/>"))));
    wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.ListSecrets"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"SecretList\":[]}")));

    step(7).probes().forEach(probe -> probe.call().accept(ctx));

    assertThat(requests("DescribeReplicationGroups")).singleElement()
        .satisfies(form -> assertThat(form).containsEntry("MaxRecords", "20"));
    assertThat(step(7).probes()).extracting(p -> p.service()).containsExactly("elasticache", "secretsmanager");
  }
}
