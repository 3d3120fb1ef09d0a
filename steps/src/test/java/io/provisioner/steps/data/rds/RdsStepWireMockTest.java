package io.provisioner.steps.data.rds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.provisioner.steps.aws.ApiCallCounter;
import io.provisioner.steps.network.securitygroups.SecurityGroupsOutputs;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcOutputs;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.iam.IamOutputs;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsOutputs;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.WireMockStepContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RdsStep} against stubbed RDS Query endpoints, for what moto cannot show: an instance whose
 * ModifyDBInstance is not visible at once (status still {@code available} with the old values, then
 * {@code modifying} with pending values, then the new values), a DB subnet group put over other
 * subnets and a parameter someone else set being reset (moto has no ResetDBParameterGroup), and the
 * exact CreateDBInstanceReadReplica request.
 */
class RdsStepWireMockTest {
  private static final String ID = "pg";
  private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
  private static final Map<String, String> PARAMETERS = Map.of("log_connections", "1", "rds.force_ssl", "1");
  private static final String ACCOUNT = WireMockStepContext.ACCOUNT;
  private static final String KEY_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/provisioner/rds-monitoring";
  private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-1-AbCdEf";
  private static final String SG = "sg-0rds";
  private static final Map<String, String> SUBNETS = Map.of("us-east-1a", "subnet-0a", "us-east-1b", "subnet-0b");
  private static final String REPLICA = "pg-replica-us-east-1b";

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private WireMockStepContext ctx;

  private static RdsSpec spec(List<RdsSpec.Replica> replicas) {
    return new RdsSpec(ID, "15.4", "db.r5.2xlarge", 100, 1000, "gp3", "app", "app_admin", true, 30, "03:00-04:00",
        "mon:04:00-mon:05:00", true, true, new RdsSpec.PerformanceInsights(true, 7), 60, List.of("postgresql", "upgrade"),
        PARAMETERS, null, replicas, true);
  }

  private final RdsStep step = new RdsStep(spec(List.of()));

  @BeforeEach
  void start() {
    ctx = WireMockStepContext.builder(wm.baseUrl(), RdsStep.ID)
        .target("prod", "us-east-1")
        .published(KmsStep.OUTPUTS, new KmsOutputs("1234abcd-12ab-34cd-56ef-1234567890ab", KEY_ARN, "alias/prod", null, null))
        .published(IamStep.OUTPUTS, new IamOutputs(Map.of("rds-monitoring", ROLE_ARN), null))
        .published(VpcStep.OUTPUTS, new VpcOutputs("vpc-0", "10.0.0.0/16", "prod", "us-east-1",
            List.copyOf(new TreeSet<>(SUBNETS.keySet())), Map.of("data", SUBNETS), Map.of()))
        .published(SecurityGroupsStep.OUTPUTS, new SecurityGroupsOutputs(Map.of(SecurityGroupsOutputs.RDS, SG)))
        .build();
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  @Test
  void create_whenAllInSync_makesOnlyReadCalls_verifiesInSync_andPublishesTheOutputs() {
    stubGroups(SUBNETS.values(), PARAMETERS);
    stubInstance(ID, STARTED, null, instance(b -> b));

    step.create(ctx);

    assertThat(actions()).isNotEmpty().allMatch(ApiCallCounter::isRead);
    assertThat(step.verify(ctx).isInSync()).isTrue();
    assertThat(ctx.checkpoints().all()).containsEntry("instance.identifier", ID)
        .containsEntry("masterSecretArn", SECRET_ARN).containsEntry("endpoint.port", "5432")
        .containsEntry("subnetGroup.name", "pg-subnets").containsEntry("parameterGroup.name", "pg-pg15");
    assertThat(ctx.published()).isEqualTo(new RdsOutputs(ID, "arn:aws:rds:us-east-1:111122223333:db:pg",
        "pg.abc.us-east-1.rds.amazonaws.com", 5432, SECRET_ARN, Map.of()));
  }

  @Test
  void create_whenPerformanceInsightsOff_modifiesOnce_andWaitsUntilTheNewValueIsObserved() {
    stubGroups(SUBNETS.values(), PARAMETERS);
    String off = instance(b -> b.replace("<PerformanceInsightsEnabled>true", "<PerformanceInsightsEnabled>false"));
    stubInstance(ID, STARTED, null, off);
    stub(post(anyUrl()).withRequestBody(containing("Action=ModifyDBInstance&")).inScenario("instance")
        .willSetStateTo("modify sent"), "ModifyDBInstance", "<DBInstance>" + off + "</DBInstance>");
    // For a few seconds RDS still shows the old values, and available; then modifying; then the new values.
    stubInstance(ID, "modify sent", "still old", off);
    stubInstance(ID, "still old", "modifying", off.replace("<DBInstanceStatus>available", "<DBInstanceStatus>modifying")
        + "<PendingModifiedValues><DBInstanceClass>db.r5.2xlarge</DBInstanceClass></PendingModifiedValues>");
    stubInstance(ID, "modifying", null, instance(b -> b));

    assertThat(step.verify(ctx).differences()).containsExactly("DB instance pg: Performance Insights is off, expected on");
    wm.resetRequests();
    step.create(ctx);

    List<Map<String, String>> modifications = requests("ModifyDBInstance");
    assertThat(modifications).singleElement().satisfies(m -> assertThat(m).containsEntry("DBInstanceIdentifier", ID)
        .containsEntry("EnablePerformanceInsights", "true").containsEntry("PerformanceInsightsKMSKeyId", KEY_ARN)
        .containsEntry("PerformanceInsightsRetentionPeriod", "7").containsEntry("ApplyImmediately", "true"));
    List<String> actions = actions();
    assertThat(actions.subList(actions.indexOf("ModifyDBInstance"), actions.size()))
        .as("read until the new value is observed").filteredOn("DescribeDBInstances"::equals).hasSizeGreaterThanOrEqualTo(3);
    assertThat(actions).filteredOn(a -> !ApiCallCounter.isRead(a)).containsExactly("ModifyDBInstance");
    assertThat(step.verify(ctx).isInSync()).isTrue();
  }

  @Test
  void create_whenSubnetGroupDriftedAndForeignParameterSet_putsGroupOverDataSubnets_andResetsTheParameter() {
    Map<String, String> live = new TreeMap<>(PARAMETERS);
    live.put("work_mem", "65536");
    stubGroups(List.of("subnet-0a", "subnet-0old"), live);
    stubInstance(ID, STARTED, null, instance(b -> b));
    stub(post(anyUrl()).withRequestBody(containing("Action=ModifyDBSubnetGroup&")).inScenario("subnets")
        .willSetStateTo("modified"), "ModifyDBSubnetGroup", subnetGroupBody(SUBNETS.values()));
    stub(post(anyUrl()).withRequestBody(containing("Action=DescribeDBSubnetGroups&")).inScenario("subnets")
        .whenScenarioStateIs("modified"), "DescribeDBSubnetGroups",
        "<DBSubnetGroups>" + subnetGroupBody(SUBNETS.values()) + "</DBSubnetGroups>");
    stub(post(anyUrl()).withRequestBody(containing("Action=ResetDBParameterGroup&")).inScenario("parameters")
        .willSetStateTo("reset"), "ResetDBParameterGroup", "<DBParameterGroupName>pg-pg15</DBParameterGroupName>");
    stub(post(anyUrl()).withRequestBody(containing("Action=DescribeDBParameters&")).withRequestBody(containing("Source=user"))
        .inScenario("parameters").whenScenarioStateIs("reset"), "DescribeDBParameters", parameters(PARAMETERS));

    String differences = String.join("\n", step.verify(ctx).differences());
    assertThat(differences).contains("DB subnet group pg-subnets: subnets is [subnet-0a, subnet-0old], expected "
        + "[subnet-0a, subnet-0b]").contains("DB parameter group pg-pg15: work_mem is set but not in the spec");

    step.create(ctx);

    assertThat(requests("ModifyDBSubnetGroup").get(0)).containsEntry("DBSubnetGroupName", "pg-subnets")
        .containsEntry("SubnetIds.SubnetIdentifier.1", "subnet-0a").containsEntry("SubnetIds.SubnetIdentifier.2", "subnet-0b");
    assertThat(requests("ResetDBParameterGroup").get(0)).containsEntry("DBParameterGroupName", "pg-pg15")
        .containsEntry("Parameters.Parameter.1.ParameterName", "work_mem")
        .containsEntry("Parameters.Parameter.1.ApplyMethod", "immediate");
    assertThat(actions()).filteredOn(a -> !ApiCallCounter.isRead(a))
        .containsExactly("ModifyDBSubnetGroup", "ResetDBParameterGroup");
    assertThat(step.verify(ctx).isInSync()).isTrue();
  }

  /**
   * CreateDBInstanceReadReplica never carries DBParameterGroupName: for a same-Region PostgreSQL
   * replica RDS answers InvalidParameterCombination (it is supported only for MySQL cross-Region,
   * Multi-AZ DB cluster, Db2 and Oracle replicas) and the replica gets the source's group anyway.
   */
  @Test
  void create_replica_sendsNoParameterGroup_andAdoptsTheSourcesOne() {
    RdsStep withReplica = new RdsStep(spec(List.of(new RdsSpec.Replica("us-east-1b", null))));
    stubGroups(SUBNETS.values(), PARAMETERS);
    stubInstance(ID, STARTED, null, instance(b -> b));
    wm.stubFor(post(anyUrl()).withRequestBody(containing("Action=DescribeDBInstances&"))
        .withRequestBody(containing("DBInstanceIdentifier=" + REPLICA)).inScenario("replica").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/xml").withBody("<ErrorResponse xmlns=\""
            + NS + "\"><Error><Type>Sender</Type><Code>DBInstanceNotFound</Code><Message>DBInstance " + REPLICA
            + " not found.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>")));
    String replica = instance(b -> b.replace("<DBInstanceIdentifier>pg<", "<DBInstanceIdentifier>" + REPLICA + "<")
        .replace(":db:pg<", ":db:" + REPLICA + "<").replace("<MultiAZ>true", "<MultiAZ>false")
        .replace(tags("instance", true), tags("replica-us-east-1b", false))
        + "<ReadReplicaSourceDBInstanceIdentifier>pg</ReadReplicaSourceDBInstanceIdentifier>"
        + "<AvailabilityZone>us-east-1b</AvailabilityZone>");
    stub(post(anyUrl()).withRequestBody(containing("Action=CreateDBInstanceReadReplica&")).inScenario("replica")
        .willSetStateTo("created"), "CreateDBInstanceReadReplica",
        "<DBInstance>" + replica.replace("<DBInstanceStatus>available", "<DBInstanceStatus>creating") + "</DBInstance>");
    stub(post(anyUrl()).withRequestBody(containing("Action=DescribeDBInstances&"))
        .withRequestBody(containing("DBInstanceIdentifier=" + REPLICA)).inScenario("replica").whenScenarioStateIs("created"),
        "DescribeDBInstances", "<DBInstances><DBInstance>" + replica + "</DBInstance></DBInstances>");

    withReplica.create(ctx);

    assertThat(requests("CreateDBInstanceReadReplica")).singleElement().satisfies(r -> assertThat(r)
        .doesNotContainKey("DBParameterGroupName").doesNotContainKey("KmsKeyId")
        .containsEntry("DBInstanceIdentifier", REPLICA).containsEntry("SourceDBInstanceIdentifier", ID)
        .containsEntry("AvailabilityZone", "us-east-1b").containsEntry("DBSubnetGroupName", "pg-subnets"));
    assertThat(ctx.checkpoints().all()).containsEntry("replica.us-east-1b.identifier", REPLICA)
        .doesNotContainKey("intent:replica.us-east-1b");
    assertThat(((RdsOutputs) ctx.published()).replicas()).containsExactly(Map.entry("us-east-1b", REPLICA));
    assertThat(withReplica.verify(ctx).isInSync()).isTrue();
  }

  // ---------------------------------------------------------------- stubs

  private static void stubGroups(Collection<String> subnetIds, Map<String, String> userParameters) {
    stub("DescribeDBSubnetGroups", null, "<DBSubnetGroups>" + subnetGroupBody(subnetIds) + "</DBSubnetGroups>");
    stub("DescribeDBParameterGroups", null, "<DBParameterGroups><DBParameterGroup><DBParameterGroupName>pg-pg15"
        + "</DBParameterGroupName><DBParameterGroupFamily>postgres15</DBParameterGroupFamily><Description>d</Description>"
        + "<DBParameterGroupArn>arn:aws:rds:us-east-1:111122223333:pg:pg-pg15</DBParameterGroupArn></DBParameterGroup>"
        + "</DBParameterGroups>");
    stub("DescribeDBParameters", containing("Source=user"), parameters(userParameters));
    stub("DescribeDBParameters", notContaining("Source="), parameters(userParameters));
    for (String[] resource : new String[][] {{"subgrp:pg-subnets", "subnet-group"}, {"pg:pg-pg15", "parameter-group"}}) {
      stub("ListTagsForResource", containing(resource[0].replace(":", "%3A")),
          "<TagList>" + tags(resource[1], false) + "</TagList>");
    }
  }

  /** DescribeDBInstances of one identifier in a state of the scenario {@code instance}, moving it on to {@code next}. */
  private static void stubInstance(String identifier, String state, String next, String body) {
    ScenarioMappingBuilder request = post(anyUrl()).withRequestBody(containing("Action=DescribeDBInstances&"))
        .withRequestBody(matching(".*DBInstanceIdentifier=" + identifier + "(&.*)?")).inScenario("instance")
        .whenScenarioStateIs(state);
    stub(next == null ? request : request.willSetStateTo(next), "DescribeDBInstances",
        "<DBInstances><DBInstance>" + body + "</DBInstance></DBInstances>");
  }

  private static void stub(String action, StringValuePattern extra, String result) {
    MappingBuilder request = post(anyUrl()).withRequestBody(containing("Action=" + action + "&"));
    stub(extra == null ? request : request.withRequestBody(extra), action, result);
  }

  private static void stub(MappingBuilder request, String action, String result) {
    wm.stubFor(request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
        .withBody("<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
            + "Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" + action + "Response>")));
  }

  private static String parameters(Map<String, String> userParameters) {
    StringBuilder user = new StringBuilder("<Parameters>");
    new TreeMap<>(userParameters).forEach((name, value) -> user.append("<Parameter><ParameterName>").append(name)
        .append("</ParameterName><ParameterValue>").append(value).append("</ParameterValue><Source>user</Source>")
        .append("<ApplyType>dynamic</ApplyType></Parameter>"));
    return user.append("</Parameters>").toString();
  }

  /** The primary exactly as the spec wants it, changed by {@code change}. */
  private static String instance(UnaryOperator<String> change) {
    String key = KEY_ARN;
    return change.apply("<DBInstanceIdentifier>pg</DBInstanceIdentifier><DBInstanceClass>db.r5.2xlarge</DBInstanceClass>"
        + "<Engine>postgres</Engine><EngineVersion>15.4</EngineVersion><DBInstanceStatus>available</DBInstanceStatus>"
        + "<MasterUsername>app_admin</MasterUsername><DBName>app</DBName>"
        + "<Endpoint><Address>pg.abc.us-east-1.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>"
        + "<AllocatedStorage>100</AllocatedStorage><MaxAllocatedStorage>1000</MaxAllocatedStorage>"
        + "<StorageType>gp3</StorageType><StorageEncrypted>true</StorageEncrypted><KmsKeyId>" + key + "</KmsKeyId>"
        + "<MasterUserSecret><SecretArn>" + SECRET_ARN + "</SecretArn>"
        + "<SecretStatus>active</SecretStatus><KmsKeyId>" + key + "</KmsKeyId></MasterUserSecret>"
        + "<MultiAZ>true</MultiAZ><BackupRetentionPeriod>30</BackupRetentionPeriod>"
        + "<PreferredBackupWindow>03:00-04:00</PreferredBackupWindow>"
        + "<PreferredMaintenanceWindow>mon:04:00-mon:05:00</PreferredMaintenanceWindow>"
        + "<DeletionProtection>true</DeletionProtection><CopyTagsToSnapshot>true</CopyTagsToSnapshot>"
        + "<PerformanceInsightsEnabled>true</PerformanceInsightsEnabled><PerformanceInsightsKMSKeyId>" + key
        + "</PerformanceInsightsKMSKeyId><PerformanceInsightsRetentionPeriod>7</PerformanceInsightsRetentionPeriod>"
        + "<MonitoringInterval>60</MonitoringInterval><MonitoringRoleArn>" + ROLE_ARN
        + "</MonitoringRoleArn><EnabledCloudwatchLogsExports><member>postgresql</member><member>upgrade</member>"
        + "</EnabledCloudwatchLogsExports><PubliclyAccessible>false</PubliclyAccessible>"
        + "<AutoMinorVersionUpgrade>true</AutoMinorVersionUpgrade>"
        + "<VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>" + SG
        + "</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership></VpcSecurityGroups>"
        + "<DBParameterGroups><DBParameterGroup><DBParameterGroupName>pg-pg15</DBParameterGroupName>"
        + "<ParameterApplyStatus>in-sync</ParameterApplyStatus></DBParameterGroup></DBParameterGroups>"
        + subnetGroupBody(SUBNETS.values())
        + "<DBInstanceArn>arn:aws:rds:us-east-1:111122223333:db:pg</DBInstanceArn>"
        + "<TagList>" + tags("instance", true) + "</TagList>");
  }

  private static String subnetGroupBody(Collection<String> subnetIds) {
    StringBuilder subnets = new StringBuilder();
    new TreeSet<>(subnetIds).forEach(id -> subnets.append("<Subnet><SubnetIdentifier>").append(id)
        .append("</SubnetIdentifier><SubnetStatus>Active</SubnetStatus></Subnet>"));
    return "<DBSubnetGroup><DBSubnetGroupName>pg-subnets</DBSubnetGroupName><VpcId>vpc-0</VpcId><Subnets>" + subnets
        + "</Subnets><DBSubnetGroupArn>arn:aws:rds:us-east-1:111122223333:subgrp:pg-subnets</DBSubnetGroupArn>"
        + "</DBSubnetGroup>";
  }

  private static String tags(String key, boolean backup) {
    StringBuilder xml = new StringBuilder();
    Map<String, String> tags = new TreeMap<>(Map.of("Project", "provisioner", "provisioner:env", "wm",
        "provisioner:step", RdsStep.ID, "provisioner:key", key));
    if (backup) {
      tags.put("backup", "true");
    }
    tags.forEach((k, v) -> xml.append("<Tag><Key>").append(k).append("</Key><Value>").append(v).append("</Value></Tag>"));
    return xml.toString();
  }

  // ---------------------------------------------------------------- what was sent

  /** The Action of every request, in order. */
  private static List<String> actions() {
    return wm.findAll(postRequestedFor(anyUrl())).stream().map(r -> form(r).get("Action")).toList();
  }

  /** The form parameters of every request of one action, in order. */
  private static List<Map<String, String>> requests(String action) {
    return wm.findAll(postRequestedFor(anyUrl())).stream().map(RdsStepWireMockTest::form)
        .filter(f -> action.equals(f.get("Action"))).toList();
  }

  private static Map<String, String> form(LoggedRequest request) {
    Map<String, String> form = new TreeMap<>();
    for (String pair : request.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(name, value);
    }
    return form;
  }
}
