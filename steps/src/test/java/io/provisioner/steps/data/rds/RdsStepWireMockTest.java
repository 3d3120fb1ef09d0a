package io.provisioner.steps.data.rds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.provisioner.steps.aws.ApiCallCounter;
import io.provisioner.steps.testing.WireMockStepContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RdsStep} against stubbed RDS Query endpoints, for what moto 5.2.1 cannot show: an instance
 * reporting Performance Insights on (moto never returns PerformanceInsightsEnabled), a DB subnet
 * group put over other subnets (moto's ModifyDBSubnetGroup drops the group from its registry) and a
 * parameter someone else set being reset (moto has no ResetDBParameterGroup).
 */
class RdsStepWireMockTest {
  private static final String ID = "pg";
  private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
  private static final Map<String, String> PARAMETERS = Map.of("log_connections", "1", "rds.force_ssl", "1");
  private static final String ACCOUNT = WireMockStepContext.ACCOUNT;
  private static final String KEY_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/provisioner/rds-monitoring";
  private static final String SG = "sg-0rds";
  private static final Map<String, String> SUBNETS = Map.of("us-east-1a", "subnet-0a", "us-east-1b", "subnet-0b");

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private WireMockStepContext ctx;
  private final RdsStep step = new RdsStep(new RdsSpec(ID, "15.4", "db.r5.2xlarge", 100, 1000, "gp3", "app",
      "app_admin", true, 30, "03:00-04:00", "mon:04:00-mon:05:00", true, true,
      new RdsSpec.PerformanceInsights(true, 7), 60, List.of("postgresql", "upgrade"), PARAMETERS, null, List.of(), true));

  @BeforeEach
  void start() {
    Map<String, String> subnets = new TreeMap<>();
    SUBNETS.forEach((az, id) -> subnets.put("subnet.data." + az, id));
    ctx = WireMockStepContext.builder(wm.baseUrl(), RdsStep.ID)
        .target("prod", "us-east-1")
        .outputs("security.kms", Map.of("keyArn", KEY_ARN))
        .outputs("security.iam", Map.of("role.rds-monitoring.arn", ROLE_ARN))
        .outputs("network.vpc", subnets)
        .outputs("network.security-groups", Map.of("sg.rds", SG))
        .build();
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  @Test
  void create_whenPerformanceInsightsOnAndAllInSync_makesOnlyReadCalls_andVerifiesInSync() {
    stubGroups(SUBNETS.values(), PARAMETERS);
    stub("DescribeDBInstances", null, instance(true));

    step.create(ctx);

    assertThat(actions()).isNotEmpty().allMatch(ApiCallCounter::isRead);
    assertThat(step.verify(ctx).isInSync()).isTrue();
    assertThat(ctx.checkpoints().all()).containsEntry("instance.identifier", ID)
        .containsEntry("masterSecretArn", "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-1-AbCdEf")
        .containsEntry("endpoint.port", "5432");
  }

  @Test
  void create_whenPerformanceInsightsOff_modifiesItOnWithTheKeyAndRetention() {
    stubGroups(SUBNETS.values(), PARAMETERS);
    stub("DescribeDBInstances", null, instance(false));
    stub("ModifyDBInstance", null, "<DBInstance>" + instanceBody(true) + "</DBInstance>");

    assertThat(step.verify(ctx).differences()).containsExactly("DB instance pg: Performance Insights is off, expected on");
    step.create(ctx);

    List<Map<String, String>> modifications = requests("ModifyDBInstance");
    assertThat(modifications).hasSize(1);
    assertThat(modifications.get(0)).containsEntry("DBInstanceIdentifier", ID)
        .containsEntry("EnablePerformanceInsights", "true")
        .containsEntry("PerformanceInsightsKMSKeyId", KEY_ARN)
        .containsEntry("PerformanceInsightsRetentionPeriod", "7")
        .containsEntry("ApplyImmediately", "true");
    assertThat(actions()).filteredOn(a -> !ApiCallCounter.isRead(a)).containsExactly("ModifyDBInstance");
  }

  @Test
  void create_whenSubnetGroupDriftedAndForeignParameterSet_putsGroupOverDataSubnets_andResetsTheParameter() {
    Map<String, String> live = new TreeMap<>(PARAMETERS);
    live.put("work_mem", "65536");
    stubGroups(List.of("subnet-0a", "subnet-0old"), live);
    stub("DescribeDBInstances", null, instance(true));
    stub("ModifyDBSubnetGroup", null, subnetGroupBody(SUBNETS.values()));
    stub("ResetDBParameterGroup", null, "<DBParameterGroupName>pg-pg15</DBParameterGroupName>");

    String differences = String.join("\n", step.verify(ctx).differences());
    assertThat(differences).contains("DB subnet group pg-subnets: subnets are [subnet-0a, subnet-0old], expected the "
        + "data subnets [subnet-0a, subnet-0b]")
        .contains("parameter group pg-pg15: work_mem is set but not in the spec");

    step.create(ctx);

    Map<String, String> subnets = requests("ModifyDBSubnetGroup").get(0);
    assertThat(subnets).containsEntry("DBSubnetGroupName", "pg-subnets")
        .containsEntry("SubnetIds.SubnetIdentifier.1", "subnet-0a").containsEntry("SubnetIds.SubnetIdentifier.2", "subnet-0b");
    Map<String, String> reset = requests("ResetDBParameterGroup").get(0);
    assertThat(reset).containsEntry("DBParameterGroupName", "pg-pg15")
        .containsEntry("Parameters.Parameter.1.ParameterName", "work_mem")
        .containsEntry("Parameters.Parameter.1.ApplyMethod", "immediate");
    assertThat(actions()).filteredOn(a -> !ApiCallCounter.isRead(a))
        .containsExactly("ModifyDBSubnetGroup", "ResetDBParameterGroup");
  }

  // ---------------------------------------------------------------- stubs

  private static void stubGroups(Collection<String> subnetIds, Map<String, String> userParameters) {
    stub("DescribeDBSubnetGroups", null, "<DBSubnetGroups>" + subnetGroupBody(subnetIds) + "</DBSubnetGroups>");
    stub("DescribeDBParameterGroups", null, "<DBParameterGroups><DBParameterGroup><DBParameterGroupName>pg-pg15"
        + "</DBParameterGroupName><DBParameterGroupFamily>postgres15</DBParameterGroupFamily><Description>d</Description>"
        + "<DBParameterGroupArn>arn:aws:rds:us-east-1:111122223333:pg:pg-pg15</DBParameterGroupArn></DBParameterGroup>"
        + "</DBParameterGroups>");
    StringBuilder user = new StringBuilder("<Parameters>");
    userParameters.forEach((name, value) -> user.append("<Parameter><ParameterName>").append(name)
        .append("</ParameterName><ParameterValue>").append(value).append("</ParameterValue><Source>user</Source>")
        .append("<ApplyType>dynamic</ApplyType></Parameter>"));
    stub("DescribeDBParameters", containing("Source=user"), user.append("</Parameters>").toString());
    stub("DescribeDBParameters", notContaining("Source="), user.toString());
    for (String[] resource : new String[][] {{"subgrp:pg-subnets", "subnet-group"}, {"pg:pg-pg15", "parameter-group"}}) {
      stub("ListTagsForResource", containing(resource[0].replace(":", "%3A")),
          "<TagList>" + tags(resource[1], false) + "</TagList>");
    }
  }

  private static void stub(String action, StringValuePattern extra, String result) {
    var request = post(anyUrl()).withRequestBody(containing("Action=" + action + "&"));
    if (extra != null) {
      request = request.withRequestBody(extra);
    }
    wm.stubFor(request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
        .withBody("<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
            + "Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" + action + "Response>")));
  }

  private static String instance(boolean performanceInsights) {
    return "<DBInstances><DBInstance>" + instanceBody(performanceInsights) + "</DBInstance></DBInstances>";
  }

  private static String instanceBody(boolean performanceInsights) {
    String key = KEY_ARN;
    return "<DBInstanceIdentifier>pg</DBInstanceIdentifier><DBInstanceClass>db.r5.2xlarge</DBInstanceClass>"
        + "<Engine>postgres</Engine><EngineVersion>15.4</EngineVersion><DBInstanceStatus>available</DBInstanceStatus>"
        + "<MasterUsername>app_admin</MasterUsername><DBName>app</DBName>"
        + "<Endpoint><Address>pg.abc.us-east-1.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>"
        + "<AllocatedStorage>100</AllocatedStorage><MaxAllocatedStorage>1000</MaxAllocatedStorage>"
        + "<StorageType>gp3</StorageType><StorageEncrypted>true</StorageEncrypted><KmsKeyId>" + key + "</KmsKeyId>"
        + "<MasterUserSecret><SecretArn>arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-1-AbCdEf</SecretArn>"
        + "<SecretStatus>active</SecretStatus><KmsKeyId>" + key + "</KmsKeyId></MasterUserSecret>"
        + "<MultiAZ>true</MultiAZ><BackupRetentionPeriod>30</BackupRetentionPeriod>"
        + "<PreferredBackupWindow>03:00-04:00</PreferredBackupWindow>"
        + "<PreferredMaintenanceWindow>mon:04:00-mon:05:00</PreferredMaintenanceWindow>"
        + "<DeletionProtection>true</DeletionProtection><CopyTagsToSnapshot>true</CopyTagsToSnapshot>"
        + "<PerformanceInsightsEnabled>" + performanceInsights + "</PerformanceInsightsEnabled>"
        + (performanceInsights ? "<PerformanceInsightsKMSKeyId>" + key + "</PerformanceInsightsKMSKeyId>"
            + "<PerformanceInsightsRetentionPeriod>7</PerformanceInsightsRetentionPeriod>" : "")
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
        + "<TagList>" + tags("instance", true) + "</TagList>";
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
