package io.provisioner.steps.network.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.Outputs;
import io.provisioner.steps.StepException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.SecurityGroupIdentifier;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/** Resolving the spec against network.vpc's outputs, and comparing endpoints with it. */
class EndpointsPlanTest {

  private static Outputs vpcOutputs() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("vpcId", "vpc-1");
    out.put("azs", "us-east-1a, us-east-1b");
    for (String tier : List.of("public", "app", "data", "management")) {
      for (String az : List.of("us-east-1a", "us-east-1b")) {
        out.put("subnet." + tier + "." + az, "subnet-" + tier + "-" + az.substring(az.length() - 1));
        if (!tier.equals("public")) {
          out.put("routeTable." + tier + "." + az, "rtb-" + tier + "-" + az.substring(az.length() - 1));
        }
      }
    }
    out.put("routeTable.public", "rtb-public");
    return new Outputs("network.vpc", out);
  }

  @Test
  void of_putsTheGatewayOnEveryPrivateRouteTableAndInterfacesInTheTier() {
    List<DesiredEndpoint> plan = EndpointPlan.of(new EndpointsSpec(true, List.of("ecr.api", "logs"), "data"),
        "eu-west-1", vpcOutputs(), () -> "sg-endpoints");

    assertThat(plan).extracting(DesiredEndpoint::key).containsExactly("s3", "ecr.api", "logs");
    DesiredEndpoint s3 = plan.get(0);
    assertThat(s3.isGateway()).isTrue();
    assertThat(s3.serviceName()).isEqualTo("com.amazonaws.eu-west-1.s3");
    assertThat(s3.routeTableIds()).containsExactlyInAnyOrder("rtb-app-a", "rtb-app-b", "rtb-data-a", "rtb-data-b",
        "rtb-management-a", "rtb-management-b");
    DesiredEndpoint ecr = plan.get(1);
    assertThat(ecr.serviceName()).isEqualTo("com.amazonaws.eu-west-1.ecr.api");
    assertThat(ecr.subnetIds()).containsExactlyInAnyOrder("subnet-data-a", "subnet-data-b");
    assertThat(ecr.securityGroupIds()).containsExactly("sg-endpoints");
  }

  @Test
  void of_withoutInterfaceServices_needsNoSecurityGroup() {
    List<DesiredEndpoint> plan = EndpointPlan.of(new EndpointsSpec(true, List.of(), null), "us-east-1",
        vpcOutputs(), () -> {
          throw new AssertionError("the security group is not needed");
        });

    assertThat(plan).singleElement().satisfies(e -> assertThat(e.key()).isEqualTo("s3"));
  }

  @Test
  void of_whenARouteTableOutputIsMissing_namesTheKey() {
    Map<String, String> out = new LinkedHashMap<>(vpcOutputs().values());
    out.remove("routeTable.management.us-east-1b");

    assertThatThrownBy(() -> EndpointPlan.of(new EndpointsSpec(true, null, null), "us-east-1",
        new Outputs("network.vpc", out), () -> "sg-1"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("routeTable.management.us-east-1b");
  }

  @Test
  void gateway_missingAndExtraRouteTables_areDifferencesAndOneModification() {
    DesiredEndpoint s3 = DesiredEndpoint.gateway("s3", "com.amazonaws.us-east-1.s3", Set.of("rtb-1", "rtb-2"));
    VpcEndpoint actual = VpcEndpoint.builder().vpcEndpointId("vpce-1").vpcEndpointType("Gateway")
        .routeTableIds("rtb-2", "rtb-public").build();

    assertThat(s3.differences(actual)).containsExactly("route table rtb-1 missing", "unexpected route table rtb-public");
    ModifyVpcEndpointRequest modify = s3.modification(actual).orElseThrow();
    assertThat(modify.vpcEndpointId()).isEqualTo("vpce-1");
    assertThat(modify.addRouteTableIds()).containsExactly("rtb-1");
    assertThat(modify.removeRouteTableIds()).containsExactly("rtb-public");
  }

  @Test
  void interface_convergesSubnetsGroupsAndPrivateDns() {
    DesiredEndpoint ssm = DesiredEndpoint.ofInterface("ssm", "com.amazonaws.us-east-1.ssm",
        Set.of("subnet-a", "subnet-b"), Set.of("sg-endpoints"));
    VpcEndpoint actual = VpcEndpoint.builder().vpcEndpointId("vpce-2").vpcEndpointType("Interface")
        .subnetIds("subnet-a", "subnet-public").groups(SecurityGroupIdentifier.builder().groupId("sg-default").build())
        .privateDnsEnabled(false).build();

    assertThat(ssm.differences(actual)).containsExactlyInAnyOrder("subnet subnet-b missing",
        "unexpected subnet subnet-public", "security group sg-endpoints missing", "unexpected security group sg-default",
        "private DNS is off, expected on");
    ModifyVpcEndpointRequest modify = ssm.modification(actual).orElseThrow();
    assertThat(modify.addSubnetIds()).containsExactly("subnet-b");
    assertThat(modify.removeSubnetIds()).containsExactly("subnet-public");
    assertThat(modify.addSecurityGroupIds()).containsExactly("sg-endpoints");
    assertThat(modify.removeSecurityGroupIds()).containsExactly("sg-default");
    assertThat(modify.privateDnsEnabled()).isTrue();
  }

  @Test
  void interface_inSync_hasNoDifferenceAndNoModification() {
    DesiredEndpoint ssm = DesiredEndpoint.ofInterface("ssm", "com.amazonaws.us-east-1.ssm",
        Set.of("subnet-a"), Set.of("sg-endpoints"));
    VpcEndpoint actual = VpcEndpoint.builder().vpcEndpointId("vpce-2").vpcEndpointType("Interface")
        .subnetIds("subnet-a").groups(SecurityGroupIdentifier.builder().groupId("sg-endpoints").groupName("x").build())
        .privateDnsEnabled(true).routeTableIds("ignored-for-interfaces").build();

    assertThat(ssm.differences(actual)).isEmpty();
    assertThat(ssm.modification(actual)).isEmpty();
  }
}
