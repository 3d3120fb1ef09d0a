package io.provisioner.steps.network.securitygroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepException;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/** A response lost on the way back never leaves a twin group or a twin rule. */
@ExtendWith(EmulatorExtension.class)
class SecurityGroupsLostResponseIT {

  private TestHarness harness;
  private TestVpc vpc;
  private SecurityGroupsStep step;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    vpc = TestVpc.create(harness);
    step = new SecurityGroupsStep(SecurityGroupsSpec.defaults());
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
      vpc.delete();
    } finally {
      harness.close();
    }
  }

  @Test
  void create_whenCreateSecurityGroupResponsesAreLost_adoptsTheGroupsOnRetry() {
    harness.dropper().dropNext("CreateSecurityGroup", 2);

    List<Throwable> failures = createUntilItSucceeds();

    assertThat(harness.dropper().droppedCount("CreateSecurityGroup")).isEqualTo(2);
    assertThat(failures).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(StepException.class)
        .hasMessageContaining("create security group provisioner-" + harness.env()));
    List<SecurityGroup> groups = groupsOfTheVpc();
    assertThat(groups).extracting(SecurityGroup::groupName).doesNotHaveDuplicates()
        .containsExactlyInAnyOrder("default", name("alb"), name("ecs"), name("rds"), name("redis"), name("endpoints"));
    assertThat(groups.stream().filter(g -> !g.groupName().equals("default")))
        .allSatisfy(g -> assertThat(g.tags()).anyMatch(t -> t.key().equals(ResourceTags.ENV)));
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_whenAuthorizeResponseIsLost_keepsExactlyOneRule() {
    harness.dropper().dropNext("AuthorizeSecurityGroupIngress", 1);

    List<Throwable> failures = createUntilItSucceeds();

    assertThat(failures).hasSize(1);
    String alb = harness.checkpointsOf(SecurityGroupsStep.ID).get("sg.alb");
    assertThat(harness.client(Ec2Client.class).describeSecurityGroupRules(b -> b.filters(
            Filter.builder().name("group-id").values(alb).build())).securityGroupRules())
        .hasSize(3);
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  private List<Throwable> createUntilItSucceeds() {
    List<Throwable> failures = new ArrayList<>();
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        harness.create(step);
        return failures;
      } catch (StepException e) {
        failures.add(e);
      }
    }
    throw new AssertionError("create did not succeed in 5 attempts: " + failures);
  }

  private List<SecurityGroup> groupsOfTheVpc() {
    return harness.client(Ec2Client.class).describeSecurityGroups(b -> b.filters(
        Filter.builder().name("vpc-id").values(vpc.vpcId()).build())).securityGroups();
  }

  private String name(String role) {
    return "provisioner-" + harness.env() + "-" + role;
  }
}
