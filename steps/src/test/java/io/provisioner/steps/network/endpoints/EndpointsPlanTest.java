package io.provisioner.steps.network.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import io.provisioner.steps.network.vpc.VpcOutputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resolving the spec against network.vpc's outputs. */
class EndpointsPlanTest {

  static VpcOutputs vpcOutputs(boolean withManagementTableB) {
    Map<String, Map<String, String>> subnets = new LinkedHashMap<>();
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    for (String tier : List.of("public", "app", "data", "management")) {
      Map<String, String> subnetsOfTier = new LinkedHashMap<>();
      Map<String, String> tablesOfTier = new LinkedHashMap<>();
      for (String az : List.of("us-east-1a", "us-east-1b")) {
        String suffix = tier + "-" + az.substring(az.length() - 1);
        subnetsOfTier.put(az, "subnet-" + suffix);
        if (!tier.equals("public") && (withManagementTableB || !suffix.equals("management-b"))) {
          tablesOfTier.put(az, "rtb-" + suffix);
        }
      }
      subnets.put(tier, subnetsOfTier);
      tables.put(tier, tier.equals("public") ? Map.of(VpcOutputs.ALL_AZS, "rtb-public") : tablesOfTier);
    }
    return new VpcOutputs("vpc-1", "10.0.0.0/16", "main", "eu-west-1", List.of("us-east-1a", "us-east-1b"),
        subnets, tables);
  }

  @Test
  void of_putsTheGatewayOnEveryPrivateRouteTableAndInterfacesInTheTier() {
    List<DesiredEndpoint> plan = EndpointPlan.of(new EndpointsSpec(true, List.of("ecr.api", "logs"), "data"),
        "eu-west-1", Optional.of(vpcOutputs(true)), () -> "sg-endpoints");

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
        Optional.of(vpcOutputs(true)), () -> {
          throw new AssertionError("the security group is not needed");
        });

    assertThat(plan).singleElement().satisfies(e -> assertThat(e.key()).isEqualTo("s3"));
  }

  @Test
  void of_withoutTheVpc_namesTheEndpointsWithoutPlacingThem() {
    List<DesiredEndpoint> plan = EndpointPlan.of(new EndpointsSpec(true, List.of("ssm"), null), "us-east-1",
        Optional.empty(), () -> {
          throw new AssertionError("the security group is not needed");
        });

    assertThat(plan).extracting(DesiredEndpoint::key).containsExactly("s3", "ssm");
    assertThat(plan).allSatisfy(e -> assertThat(e.routeTableIds()).isEmpty());
  }

  @Test
  void of_whenARouteTableOutputIsMissing_namesTierAndAz() {
    assertThatThrownBy(() -> EndpointPlan.of(new EndpointsSpec(true, null, null), "us-east-1",
        Optional.of(vpcOutputs(false)), () -> "sg-1"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("management route table for us-east-1b");
  }
}
