package io.provisioner.steps.network.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.network.securitygroups.SecurityGroupsSpec;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.securitygroups.TestVpc;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * A CreateVpcEndpoint response lost on the way back never leaves a twin endpoint, also on an
 * emulator that ignores client tokens: the retry finds the endpoint by its tags.
 */
@ExtendWith(EmulatorExtension.class)
class EndpointsLostResponseIT {

  private TestHarness harness;
  private TestVpc vpc;
  private final SecurityGroupsStep groups = new SecurityGroupsStep(SecurityGroupsSpec.defaults());
  private final EndpointsStep step = new EndpointsStep(new EndpointsSpec(true, List.of("ecr.api", "ecr.dkr"), null));

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    vpc = TestVpc.create(harness);
    harness.create(groups);
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
      harness.rollback(groups);
      vpc.delete();
    } finally {
      harness.close();
    }
  }

  @Test
  void create_whenCreateVpcEndpointResponsesAreLost_adoptsTheEndpointsOnRetry() {
    harness.dropper().dropNext("CreateVpcEndpoint", 2);

    List<Throwable> failures = new ArrayList<>();
    boolean done = false;
    for (int attempt = 0; attempt < 5 && !done; attempt++) {
      try {
        harness.create(step);
        done = true;
      } catch (StepException e) {
        failures.add(e);
        assertThat(harness.checkpointsOf(EndpointsStep.ID).keySet()).as("write-ahead intent left behind")
            .anyMatch(k -> k.startsWith("intent:"));
      }
    }

    assertThat(done).as("create succeeded within 5 attempts").isTrue();

    assertThat(harness.dropper().droppedCount("CreateVpcEndpoint")).isEqualTo(2);
    assertThat(failures).hasSize(2)
        .allSatisfy(e -> assertThat(e).hasMessageContaining("create endpoint com.amazonaws.us-east-1."));
    List<VpcEndpoint> live = harness.client(Ec2Client.class)
        .describeVpcEndpoints(b -> b.filters(Filter.builder().name("vpc-id").values(vpc.vpcId()).build()))
        .vpcEndpoints().stream().filter(e -> !"deleted".equalsIgnoreCase(e.stateAsString())).toList();
    assertThat(live).extracting(VpcEndpoint::serviceName).containsExactlyInAnyOrder(
        "com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.ecr.api", "com.amazonaws.us-east-1.ecr.dkr");
    assertThat(harness.checkpointsOf(EndpointsStep.ID).keySet()).noneMatch(k -> k.startsWith("intent:"));
    assertThat(harness.verify(step).isInSync()).isTrue();
  }
}
