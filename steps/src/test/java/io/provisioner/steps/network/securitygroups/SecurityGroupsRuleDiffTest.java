package io.provisioner.steps.network.securitygroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.steps.network.securitygroups.Rule.Peer;
import io.provisioner.steps.network.securitygroups.RuleDiff.Existing;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.ReferencedSecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Rule identity and the comparison that drives converge and verify. */
class SecurityGroupsRuleDiffTest {

  private static final Rule FROM_ECS = Rule.ingressTcp(5432, Peer.group("sg-ecs"));
  private static final Rule ALL_OUT = new Rule(true, "-1", 0, 65535, Peer.cidr("0.0.0.0/0"));

  @Test
  void of_ignoresRuleIdsDescriptionsAndTags() {
    Rule a = Rule.of(SecurityGroupRule.builder().securityGroupRuleId("sgr-1").groupId("sg-rds").isEgress(false)
        .ipProtocol("tcp").fromPort(5432).toPort(5432).description("from the ECS tasks")
        .referencedGroupInfo(ReferencedSecurityGroup.builder().groupId("sg-ecs").build())
        .tags(Tag.builder().key("provisioner:key").value("rds:ingress:tcp:5432:ecs").build()).build());
    Rule b = Rule.of(SecurityGroupRule.builder().securityGroupRuleId("sgr-2").groupId("sg-rds").isEgress(false)
        .ipProtocol("6").fromPort(5432).toPort(5432).description("added by hand")
        .referencedGroupInfo(ReferencedSecurityGroup.builder().groupId("sg-ecs").userId("123456789012").build())
        .build());

    assertThat(a).isEqualTo(b).isEqualTo(FROM_ECS);
  }

  @Test
  void of_allProtocols_ignoresPorts() {
    Rule rule = Rule.of(SecurityGroupRule.builder().isEgress(true).ipProtocol("-1").fromPort(-1).toPort(-1)
        .cidrIpv4("0.0.0.0/0").build());

    assertThat(rule).isEqualTo(ALL_OUT);
    assertThat(rule.describe(id -> id)).isEqualTo("egress all to 0.0.0.0/0");
  }

  @Test
  void identity_tellsDirectionPortsAndPeerApart() {
    assertThat(Rule.egressTcp(5432, Peer.group("sg-ecs"))).isNotEqualTo(FROM_ECS);
    assertThat(Rule.ingressTcp(5433, Peer.group("sg-ecs"))).isNotEqualTo(FROM_ECS);
    assertThat(Rule.ingressTcp(5432, Peer.group("sg-alb"))).isNotEqualTo(FROM_ECS);
    assertThat(Rule.ingressTcp(5432, Peer.cidr("10.0.0.0/16"))).isNotEqualTo(FROM_ECS);
    assertThat(Rule.ingressTcp(443, Peer.cidr("2001:DB8::/32"))).isEqualTo(Rule.ingressTcp(443, Peer.cidr("2001:db8::/32")));
  }

  @Test
  void compare_listsMissingRulesAndExtraRuleIds() {
    Rule ssh = Rule.ingressTcp(22, Peer.cidr("0.0.0.0/0"));
    RuleDiff diff = RuleDiff.compare(List.of(FROM_ECS), List.of(new Existing("sgr-default", ALL_OUT),
        new Existing("sgr-ssh", ssh)));

    assertThat(diff.missing()).containsExactly(FROM_ECS);
    assertThat(diff.extra()).extracting(Existing::ruleId).containsExactly("sgr-default", "sgr-ssh");
    assertThat(diff.isEmpty()).isFalse();
  }

  @Test
  void compare_whenRulesMatch_isEmptyWhateverTheirIds() {
    RuleDiff diff = RuleDiff.compare(List.of(FROM_ECS, ALL_OUT),
        List.of(new Existing("sgr-9", ALL_OUT), new Existing("sgr-7", FROM_ECS)));

    assertThat(diff.isEmpty()).isTrue();
  }

  @Test
  void compare_aTwinOfAWantedRule_isExtra() {
    RuleDiff diff = RuleDiff.compare(List.of(FROM_ECS),
        List.of(new Existing("sgr-1", FROM_ECS), new Existing("sgr-2", FROM_ECS)));

    assertThat(diff.missing()).isEmpty();
    assertThat(diff.extra()).extracting(Existing::ruleId).containsExactly("sgr-2");
  }

  @Test
  void describe_labelsReferencedGroups() {
    assertThat(FROM_ECS.describe(id -> "ecs (" + id + ")")).isEqualTo("ingress tcp 5432 from ecs (sg-ecs)");
    assertThat(new Rule(true, "udp", 1000, 2000, Peer.cidr("10.0.0.0/8")).describe(id -> id))
        .isEqualTo("egress udp 1000-2000 to 10.0.0.0/8");
  }
}
