package io.provisioner.steps.network.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.testing.WireMockStepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LastError;
import software.amazon.awssdk.services.ec2.model.SecurityGroupIdentifier;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/** How an endpoint is compared with the spec: each attribute in one setting, no AWS call. */
class EndpointSettingsTest {
  private static final Ec2Client NO_CLIENT = null;

  /** Settings are compared without calls: the context gives tags, and no client is ever built. */
  private final WireMockStepContext ctx = WireMockStepContext.builder("http://127.0.0.1:9", EndpointsStep.ID).build();

  @AfterEach
  void close() {
    ctx.close();
  }

  private EndpointResource resource(DesiredEndpoint desired) {
    return new EndpointResource(ctx, NO_CLIENT, desired, Optional.of("vpc-1"));
  }

  private List<String> differences(DesiredEndpoint desired, VpcEndpoint actual) {
    List<String> differences = new ArrayList<>();
    for (Setting<VpcEndpoint> setting : resource(desired).settings()) {
      differences.addAll(setting.differences(actual));
    }
    return differences.stream().filter(d -> !d.startsWith("tags ")).toList();
  }

  @Test
  void gateway_missingAndExtraRouteTables_areDifferences() {
    DesiredEndpoint s3 = DesiredEndpoint.gateway("s3", "com.amazonaws.us-east-1.s3", Set.of("rtb-1", "rtb-2"));
    VpcEndpoint actual = VpcEndpoint.builder().vpcEndpointId("vpce-1").vpcEndpointType("Gateway").state("available")
        .routeTableIds("rtb-2", "rtb-public").build();

    assertThat(differences(s3, actual)).containsExactly("route table rtb-1 missing", "unexpected route table rtb-public");
  }

  @Test
  void interface_comparesSubnetsGroupsAndPrivateDns() {
    DesiredEndpoint ssm = DesiredEndpoint.ofInterface("ssm", "com.amazonaws.us-east-1.ssm",
        Set.of("subnet-a", "subnet-b"), Set.of("sg-endpoints"));
    VpcEndpoint actual = VpcEndpoint.builder().vpcEndpointId("vpce-2").vpcEndpointType("Interface").state("available")
        .subnetIds("subnet-a", "subnet-public").groups(SecurityGroupIdentifier.builder().groupId("sg-default").build())
        .privateDnsEnabled(false).build();

    assertThat(differences(ssm, actual)).containsExactly("subnet subnet-b missing", "unexpected subnet subnet-public",
        "security group sg-endpoints missing", "unexpected security group sg-default", "private DNS is false, expected true");
  }

  @Test
  void interface_inSync_hasNoDifference() {
    DesiredEndpoint ssm = DesiredEndpoint.ofInterface("ssm", "com.amazonaws.us-east-1.ssm",
        Set.of("subnet-a"), Set.of("sg-endpoints"));
    VpcEndpoint actual = VpcEndpoint.builder().vpcEndpointId("vpce-2").vpcEndpointType("Interface").state("pending")
        .subnetIds("subnet-a").groups(SecurityGroupIdentifier.builder().groupId("sg-endpoints").groupName("x").build())
        .privateDnsEnabled(true).routeTableIds("ignored-for-interfaces").build();

    assertThat(differences(ssm, actual)).isEmpty();
  }

  @Test
  void ids_missingAndExtra_changeInOneCall() {
    List<String> calls = new ArrayList<>();
    IdSetting<VpcEndpoint> subnets = new IdSetting<>("subnet", VpcEndpoint::subnetIds, Set.of("subnet-data-a"),
        (e, add, remove) -> calls.add(add + " " + remove));
    VpcEndpoint inAppTier = VpcEndpoint.builder().subnetIds("subnet-app-a").build();

    subnets.apply(inAppTier);
    subnets.apply(VpcEndpoint.builder().subnetIds("subnet-app-a", "subnet-data-a").build());

    assertThat(calls).containsExactly("[subnet-data-a] [subnet-app-a]", "null [subnet-app-a]");
  }

  @Test
  void state_failedOrDeleting_isADifferenceThatConvergeRefuses() {
    DesiredEndpoint s3 = DesiredEndpoint.gateway("s3", "com.amazonaws.us-east-1.s3", Set.of());
    VpcEndpoint failed = VpcEndpoint.builder().vpcEndpointId("vpce-3").vpcEndpointType("Gateway").state("failed")
        .lastError(LastError.builder().code("Client.Error").message("no").build()).build();
    VpcEndpoint deleting = failed.toBuilder().state("deleting").lastError((LastError) null).build();
    Setting<VpcEndpoint> state = resource(s3).settings().get(0);

    assertThat(state.differences(failed)).containsExactly("state is failed (Client.Error: no), expected available");
    assertThat(state.differences(deleting)).containsExactly("state is deleting, expected available");
    assertThatThrownBy(() -> state.apply(deleting)).isInstanceOf(StepException.class)
        .hasMessageContaining("run 'up' again once it is deleted");
  }
}
