package io.provisioner.steps.network.securitygroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.steps.network.securitygroups.Rule.Peer;
import io.provisioner.steps.network.securitygroups.RulePlan.DesiredRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule set of seed 000 §Security Groups. */
class SecurityGroupsRulePlanTest {

  private static final Map<GroupRole, String> IDS = Map.of(GroupRole.ALB, "sg-alb", GroupRole.ECS, "sg-ecs",
      GroupRole.RDS, "sg-rds", GroupRole.REDIS, "sg-redis", GroupRole.ENDPOINTS, "sg-endpoints");

  private final RulePlan plan = RulePlan.of(
      new SecurityGroupsSpec(8080, List.of("0.0.0.0/0", "::/0"), 5432, 6379), "10.0.0.0/16", IDS);

  @Test
  void alb_takesHttpAndHttpsFromEachCidr_andTalksOnlyToEcs() {
    assertThat(plan.identitiesOf(GroupRole.ALB)).containsExactlyInAnyOrder(
        Rule.ingressTcp(80, Peer.cidr("0.0.0.0/0")), Rule.ingressTcp(443, Peer.cidr("0.0.0.0/0")),
        Rule.ingressTcp(80, Peer.cidr("::/0")), Rule.ingressTcp(443, Peer.cidr("::/0")),
        Rule.egressTcp(8080, Peer.group("sg-ecs")));
  }

  @Test
  void ecs_takesTheAppPortFromTheAlbGroup_andReachesHttpsDatabaseAndCache() {
    assertThat(plan.identitiesOf(GroupRole.ECS)).containsExactlyInAnyOrder(
        Rule.ingressTcp(8080, Peer.group("sg-alb")), Rule.egressTcp(443, Peer.cidr("0.0.0.0/0")),
        Rule.egressTcp(5432, Peer.group("sg-rds")), Rule.egressTcp(6379, Peer.group("sg-redis")));
  }

  @Test
  void dataGroupsAndEndpoints_haveOneIngressAndNoEgress() {
    assertThat(plan.identitiesOf(GroupRole.RDS)).containsExactly(Rule.ingressTcp(5432, Peer.group("sg-ecs")));
    assertThat(plan.identitiesOf(GroupRole.REDIS)).containsExactly(Rule.ingressTcp(6379, Peer.group("sg-ecs")));
    assertThat(plan.identitiesOf(GroupRole.ENDPOINTS)).containsExactly(Rule.ingressTcp(443, Peer.cidr("10.0.0.0/16")));
  }

  @Test
  void ruleKeys_areStableAndNameGroupsByRole() {
    assertThat(plan.rulesOf(GroupRole.RDS)).extracting(DesiredRule::key).containsExactly("rds:ingress:tcp:5432:ecs");
    assertThat(RulePlan.of(SecurityGroupsSpec.defaults(), "10.0.0.0/16", Map.of(GroupRole.ALB, "sg-1",
            GroupRole.ECS, "sg-2", GroupRole.RDS, "sg-3", GroupRole.REDIS, "sg-4", GroupRole.ENDPOINTS, "sg-5"))
        .rulesOf(GroupRole.RDS)).extracting(DesiredRule::key).containsExactly("rds:ingress:tcp:5432:ecs");
    assertThat(plan.rulesOf(GroupRole.ALB)).extracting(DesiredRule::key).doesNotHaveDuplicates();
  }
}
