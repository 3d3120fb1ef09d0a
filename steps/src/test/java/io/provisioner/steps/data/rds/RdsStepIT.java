package io.provisioner.steps.data.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.Verification;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The shared contract scenario for {@link RdsStep} (primary and two replicas), drifted by changing
 * the backup retention and turning deletion protection on behind its back, plus RDS specifics.
 */
class RdsStepIT extends StepContractScenario {
  private RdsTestUpstream upstream;

  @Override
  protected void prepare(TestHarness harness) {
    upstream = RdsTestUpstream.create(harness);
  }

  @AfterEach
  void removeUpstream() {
    upstream.close(identifier());
  }

  private String identifier() {
    return "pg-" + harness.env();
  }

  private RdsSpec spec() {
    return RdsTestSpecs.emulator(identifier(), false,
        List.of(new RdsSpec.Replica("us-east-1b", "db.t3.small"), new RdsSpec.Replica("us-east-1c", null)));
  }

  @Override
  protected Step step() {
    return new RdsStep(spec());
  }

  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    harness.client(RdsClient.class).modifyDBInstance(b -> b.dbInstanceIdentifier(identifier())
        .backupRetentionPeriod(3).deletionProtection(true).applyImmediately(true));
  }

  @Override
  protected String expectedDriftFragment() {
    return "DB instance " + identifier() + ": backup retention (days) is 3, expected 7";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    RdsClient rds = harness.client(RdsClient.class);
    List<String> left = new ArrayList<>();
    rds.describeDBInstances().dbInstances().stream().map(DBInstance::dbInstanceIdentifier)
        .filter(id -> id.startsWith(identifier())).forEach(id -> left.add("instance " + id));
    rds.describeDBSubnetGroups().dbSubnetGroups().stream().map(g -> g.dbSubnetGroupName())
        .filter(n -> n.startsWith(identifier())).forEach(n -> left.add("subnet group " + n));
    rds.describeDBParameterGroups().dbParameterGroups().stream().map(g -> g.dbParameterGroupName())
        .filter(n -> n.startsWith(identifier())).forEach(n -> left.add("parameter group " + n));
    try {
      rds.describeOptionGroups().optionGroupsList().stream().map(g -> g.optionGroupName())
          .filter(n -> n.startsWith(identifier())).forEach(n -> left.add("option group " + n));
    } catch (RdsException e) {
      // moto answers OptionGroupNotFoundFault when there is no option group at all
    }
    return left;
  }

  @Test
  void create_makesEncryptedMultiAzPrimaryAndReplicas_andRecordsOutputs() {
    RdsStep step = new RdsStep(spec());
    harness.create(step);

    Map<String, String> out = harness.checkpointsOf(RdsStep.ID);
    assertThat(out.keySet()).noneMatch(k -> k.startsWith("intent:"));
    assertThat(out).containsEntry("instance.identifier", identifier())
        .containsEntry("endpoint.port", "5432")
        .containsEntry("subnetGroup.name", identifier() + "-subnets")
        .containsEntry("parameterGroup.name", identifier() + "-pg15")
        .containsEntry("replica.us-east-1b.identifier", identifier() + "-replica-us-east-1b")
        .containsEntry("replica.us-east-1c.identifier", identifier() + "-replica-us-east-1c")
        .containsKeys("instance.arn", "endpoint.address", "replica.us-east-1b.endpoint", "replica.us-east-1c.endpoint");
    assertThat(out.get("masterSecretArn")).startsWith("arn:aws:secretsmanager:").doesNotContain("password");
    RdsOutputs published = harness.published(RdsStep.OUTPUTS).orElseThrow();
    assertThat(published).isEqualTo(new RdsOutputs(identifier(), out.get("instance.arn"), out.get("endpoint.address"),
        5432, out.get("masterSecretArn"), Map.of("us-east-1b", identifier() + "-replica-us-east-1b",
            "us-east-1c", identifier() + "-replica-us-east-1c")));

    RdsClient rds = harness.client(RdsClient.class);
    DBInstance db = rds.describeDBInstances(b -> b.dbInstanceIdentifier(identifier())).dbInstances().get(0);
    assertThat(db.storageEncrypted()).isTrue();
    assertThat(db.kmsKeyId()).isEqualTo(upstream.keyArn());
    assertThat(db.multiAZ()).isTrue();
    assertThat(db.publiclyAccessible()).isFalse();
    assertThat(db.masterUserSecret().kmsKeyId()).isEqualTo(upstream.keyArn());
    assertThat(db.monitoringInterval()).isEqualTo(60);
    assertThat(db.enabledCloudwatchLogsExports()).containsExactlyInAnyOrder("postgresql", "upgrade");
    assertThat(db.vpcSecurityGroups()).extracting(g -> g.vpcSecurityGroupId()).containsExactly(upstream.securityGroupId());
    assertThat(db.dbSubnetGroup().subnets()).extracting(s -> s.subnetIdentifier())
        .containsExactlyInAnyOrderElementsOf(upstream.dataSubnets().values());
    assertThat(RdsTags.toMap(db.tagList())).containsEntry("backup", "true")
        .containsEntry(ResourceTags.STEP, RdsStep.ID).containsEntry(ResourceTags.KEY, "instance");

    DBInstance replica = rds.describeDBInstances(b -> b.dbInstanceIdentifier(identifier() + "-replica-us-east-1b"))
        .dbInstances().get(0);
    assertThat(replica.readReplicaSourceDBInstanceIdentifier()).isEqualTo(identifier());
    assertThat(replica.availabilityZone()).isEqualTo("us-east-1b");
    assertThat(replica.dbInstanceClass()).isEqualTo("db.t3.small");
    assertThat(RdsTags.toMap(replica.tagList())).containsEntry(ResourceTags.KEY, "replica-us-east-1b")
        .doesNotContainKey("backup");

    Map<String, String> parameters = new HashMap<>();
    rds.describeDBParametersPaginator(b -> b.dbParameterGroupName(identifier() + "-pg15").source("user")).parameters()
        .forEach(p -> parameters.put(p.parameterName(), p.parameterValue()));
    assertThat(parameters).containsAllEntriesOf(RdsTestSpecs.PARAMETERS);

    harness.rollback(step);
  }

  @Test
  void verify_whenParameterChangedAndLogExportDisabled_namesEach_andCreateConverges() {
    RdsStep step = new RdsStep(spec());
    harness.create(step);
    RdsClient rds = harness.client(RdsClient.class);
    rds.modifyDBParameterGroup(b -> b.dbParameterGroupName(identifier() + "-pg15").parameters(Parameter.builder()
        .parameterName("log_min_duration_statement").parameterValue("5000").applyMethod("immediate").build()));
    rds.modifyDBInstance(b -> b.dbInstanceIdentifier(identifier()).applyImmediately(true)
        .cloudwatchLogsExportConfiguration(c -> c.disableLogTypes("upgrade")));

    String differences = String.join("\n", harness.verify(step).differences());

    assertThat(differences)
        .contains("log_min_duration_statement is \"5000\", expected \"1000\"")
        .contains("CloudWatch Logs exports are [postgresql], expected [postgresql, upgrade]");
    harness.create(step);
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.IN_SYNC);
    harness.rollback(step);
  }

  @Test
  void create_whenReplicaDroppedFromSpec_deletesIt() {
    harness.create(new RdsStep(spec()));
    RdsStep fewer = new RdsStep(RdsTestSpecs.emulator(identifier(), false,
        List.of(new RdsSpec.Replica("us-east-1b", "db.t3.small"))));
    assertThat(harness.verify(fewer).differences())
        .containsExactly("read replica " + identifier() + "-replica-us-east-1c exists but is not in the spec");

    harness.create(fewer);

    assertThat(harness.verify(fewer).isInSync()).isTrue();
    assertThat(harness.checkpointsOf(RdsStep.ID)).doesNotContainKeys("replica.us-east-1c.identifier",
        "replica.us-east-1c.arn", "replica.us-east-1c.endpoint", "intent:replica.us-east-1c");
    assertThat(harness.published(RdsStep.OUTPUTS).orElseThrow().replicas())
        .containsExactly(Map.entry("us-east-1b", identifier() + "-replica-us-east-1b"));
    assertThat(leftovers(harness)).contains("instance " + identifier(), "instance " + identifier() + "-replica-us-east-1b")
        .doesNotContain("instance " + identifier() + "-replica-us-east-1c");
    harness.rollback(fewer);
  }
}
