package io.provisioner.steps.network.transitgateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import io.provisioner.steps.network.vpc.VpcOutputs;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.testing.WireMockStepContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where a VPC can attach (AWS Transit Gateway guide: a VPC attachment is in the transit gateway's
 * region), checked before any call: no server answers at the endpoint of these contexts.
 */
class TransitGatewayPlacementTest {

  private static VpcOutputs vpcIn(String region, String cidr) {
    return new VpcOutputs("vpc-1", cidr, "main", region, List.of("a"), Map.of("app", Map.of("a", "subnet-1")),
        Map.of("app", Map.of("a", "rtb-app"), "data", Map.of("a", "rtb-data"), "management", Map.of("a", "rtb-mgmt")));
  }

  private static void create(VpcOutputs vpc, List<String> routeCidrs) {
    TransitGatewayStep step = new TransitGatewayStep(new TransitGatewaySpec("hub", 64512, true, true, true, true,
        null, routeCidrs, null, false));
    try (WireMockStepContext ctx = WireMockStepContext.builder("http://127.0.0.1:9", TransitGatewayStep.ID)
        .target("main", "us-east-1").published(VpcStep.OUTPUTS, vpc).build()) {
      step.create(ctx);
    }
  }

  @Test
  void create_withTheVpcInAnotherRegion_failsNamingBothRegions() {
    assertThatThrownBy(() -> create(vpcIn("eu-west-1", "10.20.0.0/16"), null))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("VPC vpc-1 is in eu-west-1 but the transit gateway would be in us-east-1");
  }

  @Test
  void create_withARouteInsideTheVpcBlock_failsNamingIt() {
    assertThatThrownBy(() -> create(vpcIn("us-east-1", "10.0.0.0/8"), List.of("10.20.0.0/16")))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("routeCidrs entry 10.20.0.0/16 lies inside the VPC's own block 10.0.0.0/8");
  }
}
