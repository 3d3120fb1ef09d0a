package io.provisioner.steps.network.securitygroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/** The shared contract scenario for {@link SecurityGroupsStep}, plus how the groups are wired. */
class SecurityGroupsStepIT extends StepContractScenario {

  private TestVpc vpc;

  @Override
  protected void prepare(TestHarness harness) {
    vpc = TestVpc.create(harness);
  }

  @AfterEach
  void deleteVpc() {
    try {
      harness.rollback(step());
    } finally {
      vpc.delete();
    }
  }

  @Override
  protected Step step() {
    return new SecurityGroupsStep(SecurityGroupsSpec.defaults());
  }

  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    String alb = harness.checkpointsOf(SecurityGroupsStep.ID).get("sg.alb");
    harness.client(Ec2Client.class).authorizeSecurityGroupIngress(b -> b.groupId(alb)
        .ipPermissions(permission("tcp", 22, "0.0.0.0/0")));
  }

  @Override
  protected String expectedDriftFragment() {
    return "group alb: unexpected ingress tcp 22 from 0.0.0.0/0";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    return harness.client(Ec2Client.class)
        .describeSecurityGroups(b -> b.filters(filter("tag:" + ResourceTags.ENV, harness.env())))
        .securityGroups().stream().map(g -> g.groupName() + " " + g.groupId()).toList();
  }

  @Test
  void create_wiresGroupsByReference_andStripsTheDefaultGroup() {
    harness.create(step());
    Map<String, String> out = harness.checkpointsOf(SecurityGroupsStep.ID);
    assertThat(out).containsKeys("sg.alb", "sg.ecs", "sg.rds", "sg.redis", "sg.endpoints");
    String alb = out.get("sg.alb");
    String ecs = out.get("sg.ecs");
    assertThat(harness.published(SecurityGroupsStep.OUTPUTS)).hasValueSatisfying(published -> {
      assertThat(published.group(SecurityGroupsOutputs.ALB)).isEqualTo(alb);
      assertThat(published.groups()).hasSize(5).containsEntry(SecurityGroupsOutputs.ENDPOINTS, out.get("sg.endpoints"));
    });

    List<SecurityGroupRule> rds = rules(out.get("sg.rds"));
    assertThat(rds).singleElement().satisfies(r -> {
      assertThat(r.isEgress()).isFalse();
      assertThat(r.fromPort()).isEqualTo(5432);
      assertThat(r.cidrIpv4()).isNull();
      assertThat(r.referencedGroupInfo().groupId()).isEqualTo(ecs);
    });
    assertThat(rules(out.get("sg.redis"))).singleElement()
        .satisfies(r -> assertThat(r.referencedGroupInfo().groupId()).isEqualTo(ecs));

    List<SecurityGroupRule> albRules = rules(alb);
    assertThat(albRules.stream().filter(SecurityGroupRule::isEgress).toList()).singleElement().satisfies(r -> {
      assertThat(r.fromPort()).isEqualTo(8080);
      assertThat(r.referencedGroupInfo().groupId()).isEqualTo(ecs);
    });
    assertThat(albRules.stream().filter(r -> !r.isEgress()).map(SecurityGroupRule::fromPort))
        .containsExactlyInAnyOrder(80, 443);
    assertThat(albRules).allSatisfy(r -> assertThat(r.tags()).anyMatch(t -> t.key().equals(ResourceTags.KEY)));

    assertThat(rules(out.get("sg.ecs"))).extracting(r -> (r.isEgress() ? "out " : "in ") + r.fromPort() + " "
            + (r.referencedGroupInfo() == null ? r.cidrIpv4() : r.referencedGroupInfo().groupId()))
        .containsExactlyInAnyOrder("in 8080 " + alb, "out 443 0.0.0.0/0", "out 5432 " + out.get("sg.rds"),
            "out 6379 " + out.get("sg.redis"));
    assertThat(rules(out.get("sg.endpoints"))).singleElement().satisfies(r -> {
      assertThat(r.fromPort()).isEqualTo(443);
      assertThat(r.cidrIpv4()).isEqualTo(TestVpc.CIDR);
    });
    assertThat(rules(vpc.defaultGroupId())).as("rules of the default group").isEmpty();
  }

  @Test
  void create_whenAGroupWasMadeByHand_adoptsAndTagsIt() {
    String name = "provisioner-" + harness.env() + "-rds";
    String manual = harness.client(Ec2Client.class)
        .createSecurityGroup(b -> b.groupName(name).description("by hand").vpcId(vpc.vpcId())).groupId();

    harness.create(step());

    assertThat(harness.checkpointsOf(SecurityGroupsStep.ID)).containsEntry("sg.rds", manual);
    assertThat(harness.verify(step()).isInSync()).isTrue();
    assertThat(leftovers(harness)).hasSize(5).anyMatch(s -> s.endsWith(manual));
  }

  @Test
  void verify_whenAReferenceIsReplacedByACidr_namesBothRules() {
    harness.create(step());
    Map<String, String> out = harness.checkpointsOf(SecurityGroupsStep.ID);
    Ec2Client ec2 = harness.client(Ec2Client.class);
    String rds = out.get("sg.rds");
    String ruleId = rules(rds).get(0).securityGroupRuleId();
    ec2.revokeSecurityGroupIngress(b -> b.groupId(rds).securityGroupRuleIds(ruleId));
    ec2.authorizeSecurityGroupIngress(b -> b.groupId(rds)
        .ipPermissions(permission("tcp", 5432, TestVpc.CIDR)));
    ec2.authorizeSecurityGroupEgress(b -> b.groupId(vpc.defaultGroupId())
        .ipPermissions(IpPermission.builder().ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
            .build()));

    String differences = String.join("\n", harness.verify(step()).differences());

    assertThat(differences)
        .contains("group rds: ingress tcp 5432 from ecs (" + out.get("sg.ecs") + ") missing")
        .contains("group rds: unexpected ingress tcp 5432 from " + TestVpc.CIDR)
        .contains("rules of the default security group of " + vpc.vpcId() + ": unexpected egress all to 0.0.0.0/0");

    harness.create(step());
    assertThat(harness.verify(step()).isInSync()).isTrue();
  }

  @Test
  void rollback_whenTheCheckpointsAreLost_findsTheGroupsByTheirTags() {
    harness.create(step());
    Checkpoints checkpoints = harness.context(step()).checkpoints();
    checkpoints.all().keySet().forEach(checkpoints::remove);

    harness.rollback(step());

    assertThat(leftovers(harness)).isEmpty();
  }

  private List<SecurityGroupRule> rules(String groupId) {
    return harness.client(Ec2Client.class)
        .describeSecurityGroupRules(b -> b.filters(filter("group-id", groupId))).securityGroupRules();
  }

  private static IpPermission permission(String protocol, int port, String cidr) {
    return IpPermission.builder().ipProtocol(protocol).fromPort(port).toPort(port)
        .ipRanges(IpRange.builder().cidrIp(cidr).build()).build();
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }
}
