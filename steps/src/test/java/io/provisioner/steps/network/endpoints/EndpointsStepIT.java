package io.provisioner.steps.network.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.network.securitygroups.SecurityGroupsSpec;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.securitygroups.TestVpc;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/** The shared contract scenario for {@link EndpointsStep} with the seed's S3 gateway and 15 services. */
class EndpointsStepIT extends StepContractScenario {

  private final SecurityGroupsStep groups = new SecurityGroupsStep(SecurityGroupsSpec.defaults());
  private TestVpc vpc;

  @Override
  protected void prepare(TestHarness harness) {
    vpc = TestVpc.create(harness);
    harness.create(groups);
  }

  @AfterEach
  void deleteNetwork() {
    try {
      harness.rollback(step());
      harness.rollback(groups);
    } finally {
      vpc.delete();
    }
  }

  @Override
  protected Step step() {
    return new EndpointsStep(EndpointsSpec.seed());
  }

  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    String s3 = harness.checkpointsOf(EndpointsStep.ID).get("endpoint.s3");
    String dataRouteTable = vpc.output("routeTable.data.us-east-1b");
    harness.client(Ec2Client.class).modifyVpcEndpoint(b -> b.vpcEndpointId(s3).removeRouteTableIds(dataRouteTable));
  }

  @Override
  protected String expectedDriftFragment() {
    return "route table " + vpc.output("routeTable.data.us-east-1b") + " missing";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    return liveEndpoints().stream().map(e -> e.vpcEndpointId() + " " + e.serviceName() + " " + e.stateAsString())
        .toList();
  }

  @Test
  void create_placesEndpointsInTheTierSubnetsWithTheGroupAndPrivateDns() {
    harness.create(step());

    Map<String, String> out = harness.checkpointsOf(EndpointsStep.ID);
    assertThat(out).containsKey("endpoint.s3");
    EndpointsSpec.SEED_INTERFACE_SERVICES.forEach(s -> assertThat(out).containsKey("endpoint." + s));
    assertThat(out.keySet()).noneMatch(k -> k.startsWith("intent:"));
    assertThat(harness.published(EndpointsStep.OUTPUTS)).hasValueSatisfying(published ->
        assertThat(published.endpoints()).hasSize(16).containsEntry("s3", out.get("endpoint.s3")));
    List<VpcEndpoint> live = liveEndpoints();
    assertThat(live).hasSize(16);

    VpcEndpoint s3 = byId(live, out.get("endpoint.s3"));
    assertThat(s3.serviceName()).isEqualTo("com.amazonaws.us-east-1.s3");
    assertThat(s3.vpcEndpointTypeAsString()).isEqualTo("Gateway");
    assertThat(s3.routeTableIds()).containsExactlyInAnyOrderElementsOf(vpc.privateRouteTables());

    String endpointsGroup = harness.checkpointsOf(SecurityGroupsStep.ID).get("sg.endpoints");
    VpcEndpoint ecrApi = byId(live, out.get("endpoint.ecr.api"));
    assertThat(ecrApi.serviceName()).isEqualTo("com.amazonaws.us-east-1.ecr.api");
    assertThat(ecrApi.vpcEndpointTypeAsString()).isEqualTo("Interface");
    assertThat(ecrApi.subnetIds()).containsExactlyInAnyOrder(vpc.output("subnet.app.us-east-1a"),
        vpc.output("subnet.app.us-east-1b"), vpc.output("subnet.app.us-east-1c"));
    assertThat(ecrApi.groups()).singleElement().satisfies(g -> assertThat(g.groupId()).isEqualTo(endpointsGroup));
    assertThat(ecrApi.privateDnsEnabled()).isTrue();
    assertThat(ecrApi.tags()).anyMatch(t -> t.key().equals(ResourceTags.KEY) && t.value().equals("ecr.api"))
        .anyMatch(t -> t.key().equals("Name") && t.value().equals("provisioner-" + harness.env() + "-ecr.api-endpoint"));
  }

  @Test
  void create_whenTheSpecDropsAServiceAndMovesTier_convergesInPlace() {
    harness.create(new EndpointsStep(new EndpointsSpec(true, List.of("logs", "kms", "sqs"), "app")));
    String logs = harness.checkpointsOf(EndpointsStep.ID).get("endpoint.logs");

    EndpointsStep changed = new EndpointsStep(new EndpointsSpec(true, List.of("logs", "kms"), "data"));
    assertThat(harness.verify(changed).differences())
        .anyMatch(d -> d.contains("unexpected endpoint") && d.contains("sqs"))
        .anyMatch(d -> d.equals("endpoint com.amazonaws.us-east-1.logs in " + vpc.vpcId() + ": subnet "
            + vpc.output("subnet.data.us-east-1a") + " missing"));
    harness.create(changed);

    assertThat(harness.verify(changed).isInSync()).isTrue();
    assertThat(harness.checkpointsOf(EndpointsStep.ID)).containsEntry("endpoint.logs", logs)
        .doesNotContainKey("endpoint.sqs");
    assertThat(liveEndpoints()).extracting(VpcEndpoint::serviceName).containsExactlyInAnyOrder(
        "com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.logs", "com.amazonaws.us-east-1.kms");
    assertThat(byId(liveEndpoints(), logs).subnetIds()).containsExactlyInAnyOrder(
        vpc.output("subnet.data.us-east-1a"), vpc.output("subnet.data.us-east-1b"),
        vpc.output("subnet.data.us-east-1c"));
  }

  @Test
  void rollback_whenTheCheckpointsAreLost_findsTheEndpointsByTheirTags() {
    harness.create(step());
    Checkpoints checkpoints = harness.context(step()).checkpoints();
    checkpoints.all().keySet().forEach(checkpoints::remove);

    harness.rollback(step());

    assertThat(leftovers(harness)).isEmpty();
  }

  private List<VpcEndpoint> liveEndpoints() {
    return harness.client(Ec2Client.class)
        .describeVpcEndpoints(b -> b.filters(Filter.builder().name("vpc-id").values(vpc.vpcId()).build()))
        .vpcEndpoints().stream().filter(e -> !"deleted".equalsIgnoreCase(e.stateAsString())).toList();
  }

  private static VpcEndpoint byId(List<VpcEndpoint> endpoints, String id) {
    return endpoints.stream().filter(e -> e.vpcEndpointId().equals(id)).findFirst().orElseThrow();
  }
}
