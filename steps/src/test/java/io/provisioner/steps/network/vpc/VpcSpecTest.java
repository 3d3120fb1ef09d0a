package io.provisioner.steps.network.vpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioner.steps.RoleRef;
import io.provisioner.steps.spec.InvalidSpecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VpcSpecTest {

  private static final List<String> AZS = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final VpcSpec.FlowLogs FLOW_LOGS = new VpcSpec.FlowLogs(90, VpcSpec.TrafficType.ALL, null);

  private static VpcSpec spec(String cidr, List<String> azs, VpcSpec.Tiers tiers) {
    return new VpcSpec(cidr, azs, tiers, VpcSpec.NatGateways.PER_AZ, FLOW_LOGS, List.of(5432, 6379));
  }

  @Test
  void new_withSeedLayout_isValid() {
    VpcSpec spec = spec("10.0.0.0/16", AZS, SubnetPlanner.plan("10.0.0.0/16", AZS));

    assertThat(spec.region()).isEqualTo("us-east-1");
    assertThat(spec.flowLogs().roleName()).isEqualTo(RoleRef.of("flow-logs"));
  }

  @Test
  void new_withSeveralMistakes_reportsThemAllAtOnce() {
    VpcSpec.Tiers seed = SubnetPlanner.plan("10.0.0.0/16", AZS);
    Map<String, String> data = new LinkedHashMap<>(seed.data());
    data.put("us-east-1c", "10.1.22.0/24");
    Map<String, String> app = new LinkedHashMap<>(seed.app());
    app.put("us-east-1b", "10.0.10.128/25");
    Map<String, String> management = new LinkedHashMap<>(seed.management());
    management.remove("us-east-1b");
    Map<String, String> publicSubnets = new LinkedHashMap<>(seed.publicSubnets());
    publicSubnets.put("us-east-1x", "10.0.9.0/24");
    VpcSpec.Tiers tiers = new VpcSpec.Tiers(publicSubnets, app, data, management);

    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> spec("10.0.0.0/16", List.of("us-east-1a", "us-east-1b", "us-east-1c", "east-1d"), tiers));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::toString).contains(
        "subnets.data.us-east-1c: 10.1.22.0/24 is outside vpc cidr 10.0.0.0/16",
        "subnets.app.us-east-1b: 10.0.10.128/25 overlaps subnets.app.us-east-1a (10.0.10.0/24)",
        "subnets.management: has no subnet for us-east-1b, east-1d; every tier needs one subnet per AZ of"
            + " availabilityZones",
        "subnets.public: names us-east-1x, which availabilityZones does not list");
    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .contains("availabilityZones[3]", "subnets.public", "subnets.app", "subnets.data");
    assertThat(e.getMessage()).contains("east-1d' is not an AZ name");
  }

  @Test
  void new_withVpcCidrOutOfRange_namesCidr() {
    assertThatThrownBy(() -> spec("10.0.0.0/8", AZS, SubnetPlanner.plan("10.0.0.0/16", AZS)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("cidr: 10.0.0.0/8 must be between /16 and /24");
  }

  @Test
  void new_withDuplicateAzAndTooFew_saysBoth() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> spec("10.0.0.0/16", List.of("us-east-1a"), SubnetPlanner.plan("10.0.0.0/16", List.of("us-east-1a"))));
    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field).containsExactly("availabilityZones");

    InvalidSpecException twice = catchThrowableOfType(InvalidSpecException.class, () -> spec("10.0.0.0/16",
        List.of("us-east-1a", "us-east-1a"), SubnetPlanner.plan("10.0.0.0/16", List.of("us-east-1a", "us-east-1b"))));
    assertThat(twice.getMessage()).contains("availabilityZones[1]: us-east-1a is listed twice");
  }

  @Test
  void new_withAzsOfTwoRegions_isRejected() {
    List<String> azs = List.of("us-east-1a", "us-west-2b");
    assertThatThrownBy(() -> spec("10.0.0.0/16", azs, SubnetPlanner.plan("10.0.0.0/16", azs)))
        .hasMessageContaining("AZs of one region only");
  }

  @Test
  void new_withBadFlowLogsAndPorts_namesThem() {
    assertThatThrownBy(() -> new VpcSpec.FlowLogs(91, VpcSpec.TrafficType.ALL, RoleRef.of("flow-logs")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("retentionDays: 91 is not a CloudWatch Logs retention");
    assertThatThrownBy(() -> new VpcSpec("10.0.0.0/16", AZS, SubnetPlanner.plan("10.0.0.0/16", AZS),
        null, FLOW_LOGS, List.of(5432, 70000, 5432)))
        .hasMessageContaining("natGateways: is required")
        .hasMessageContaining("dataPorts[1]: 70000 is not a TCP port")
        .hasMessageContaining("dataPorts[2]: 5432 is listed twice");
  }

  @Test
  void json_bindsPublicKeyAndEnums() throws Exception {
    String json = """
        {"cidr": "10.0.0.0/16", "availabilityZones": ["us-east-1a", "us-east-1b"],
         "subnets": {"public": {"us-east-1a": "10.0.0.0/24", "us-east-1b": "10.0.1.0/24"},
                     "app": {"us-east-1a": "10.0.10.0/24", "us-east-1b": "10.0.11.0/24"},
                     "data": {"us-east-1a": "10.0.20.0/24", "us-east-1b": "10.0.21.0/24"},
                     "management": {"us-east-1a": "10.0.30.0/24", "us-east-1b": "10.0.31.0/24"}},
         "natGateways": "SINGLE",
         "flowLogs": {"retentionDays": 30, "trafficType": "REJECT"},
         "dataPorts": [5432, 6379]}
        """;
    ObjectMapper mapper = new ObjectMapper();

    VpcSpec spec = mapper.readValue(json, VpcSpec.class);

    assertThat(spec.subnets().publicSubnets()).containsEntry("us-east-1b", "10.0.1.0/24");
    assertThat(spec.natGateways()).isEqualTo(VpcSpec.NatGateways.SINGLE);
    assertThat(spec.flowLogs().roleName()).isEqualTo(VpcSpec.FlowLogs.DEFAULT_ROLE);
    assertThat(mapper.writeValueAsString(spec)).contains("\"public\":{").doesNotContain("publicSubnets");
  }

  @Test
  void json_bindsTheFlowLogsRoleAsARoleReference() throws Exception {
    ObjectMapper mapper = new ObjectMapper();

    VpcSpec.FlowLogs flowLogs = mapper.readValue("{\"retentionDays\": 90, \"trafficType\": \"ALL\", "
        + "\"roleName\": \"vpc-flow\"}", VpcSpec.FlowLogs.class);

    assertThat(flowLogs.roleName()).isEqualTo(RoleRef.of("vpc-flow"));
    assertThat(flowLogs.roleName().kind()).isEqualTo(RoleRef.KIND);
    assertThat(mapper.writeValueAsString(flowLogs)).contains("\"roleName\":\"vpc-flow\"");
    assertThatThrownBy(() -> mapper.readValue("{\"retentionDays\": 90, \"trafficType\": \"ALL\", "
        + "\"roleName\": \"Flow_Logs\"}", VpcSpec.FlowLogs.class))
        .hasMessageContaining("must be the logical name of a security.iam role");
  }
}
