package io.provisioner.steps.network.vpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.network.vpc.SubnetPlanner.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetPlannerTest {

  @Test
  void parse_withValidBlock_keepsAddressAndPrefix() {
    Cidr cidr = SubnetPlanner.parse("10.0.16.0/20");

    assertThat(cidr.prefix()).isEqualTo(20);
    assertThat(cidr.size()).isEqualTo(4096);
    assertThat(cidr).hasToString("10.0.16.0/20");
  }

  @Test
  void parse_withHostBitsSet_suggestsTheNetworkAddress() {
    assertThatThrownBy(() -> SubnetPlanner.parse("10.0.1.0/16"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host bits set")
        .hasMessageContaining("10.0.0.0/16");
  }

  @Test
  void parse_withGarbage_saysWhatItExpects() {
    for (String text : List.of("10.0.0/16", "10.0.0.256/24", "10.0.0.0/33", "ten/8", "10.0.0.0", "")) {
      assertThat(Cidr.tryParse(text)).as(text).isEmpty();
    }
    assertThatThrownBy(() -> SubnetPlanner.parse("10.0.0.0"))
        .hasMessageContaining("is not a CIDR block like 10.0.0.0/16");
  }

  @Test
  void contains_isTrueOnlyForBlocksCompletelyInside() {
    assertThat(SubnetPlanner.contains("10.0.0.0/16", "10.0.255.0/24")).isTrue();
    assertThat(SubnetPlanner.contains("10.0.0.0/16", "10.0.0.0/16")).isTrue();
    assertThat(SubnetPlanner.contains("10.0.0.0/16", "10.1.0.0/24")).isFalse();
    assertThat(SubnetPlanner.contains("10.0.0.0/16", "10.0.0.0/15")).isFalse();
  }

  @Test
  void overlaps_detectsSharedAddressesInBothDirections() {
    assertThat(SubnetPlanner.overlaps("10.0.0.0/23", "10.0.1.0/24")).isTrue();
    assertThat(SubnetPlanner.overlaps("10.0.1.0/24", "10.0.0.0/23")).isTrue();
    assertThat(SubnetPlanner.overlaps("10.0.0.0/24", "10.0.1.0/24")).isFalse();
    assertThat(SubnetPlanner.overlaps("192.168.0.0/16", "10.0.0.0/8")).isFalse();
  }

  @Test
  void plan_forSeedVpc_givesTheSeedLayout() {
    VpcSpec.Tiers tiers = SubnetPlanner.plan("10.0.0.0/16", List.of("us-east-1a", "us-east-1b", "us-east-1c"));

    assertThat(tiers.publicSubnets()).containsExactly(
        entry("us-east-1a", "10.0.0.0/24"), entry("us-east-1b", "10.0.1.0/24"), entry("us-east-1c", "10.0.2.0/24"));
    assertThat(tiers.app()).containsExactly(
        entry("us-east-1a", "10.0.10.0/24"), entry("us-east-1b", "10.0.11.0/24"), entry("us-east-1c", "10.0.12.0/24"));
    assertThat(tiers.data()).containsExactly(
        entry("us-east-1a", "10.0.20.0/24"), entry("us-east-1b", "10.0.21.0/24"), entry("us-east-1c", "10.0.22.0/24"));
    assertThat(tiers.management()).containsExactly(
        entry("us-east-1a", "10.0.30.0/24"), entry("us-east-1b", "10.0.31.0/24"), entry("us-east-1c", "10.0.32.0/24"));
  }

  @Test
  void plan_forOtherVpc_startsAtItsFirstAddress() {
    VpcSpec.Tiers tiers = SubnetPlanner.plan("172.20.64.0/18", List.of("eu-west-1a", "eu-west-1b"));

    assertThat(tiers.data()).containsEntry("eu-west-1b", "172.20.85.0/24");
  }

  @Test
  void plan_forTooSmallVpc_says() {
    assertThatThrownBy(() -> SubnetPlanner.plan("10.0.0.0/20", List.of("us-east-1a", "us-east-1b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds only 16 /24 blocks");
  }

  @Test
  void plan_resultIsAValidSpec() {
    List<String> azs = List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f");
    VpcSpec spec = new VpcSpec("10.0.0.0/16", azs, SubnetPlanner.plan("10.0.0.0/16", azs),
        VpcSpec.NatGateways.PER_AZ, new VpcSpec.FlowLogs(90, VpcSpec.TrafficType.ALL, null), List.of(5432, 6379));

    assertThat(spec.subnets().management()).hasSize(6);
  }

  private static java.util.Map.Entry<String, String> entry(String az, String cidr) {
    return java.util.Map.entry(az, cidr);
  }
}
