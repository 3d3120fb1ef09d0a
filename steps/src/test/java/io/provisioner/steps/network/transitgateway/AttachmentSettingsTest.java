package io.provisioner.steps.network.transitgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import io.provisioner.steps.Target;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.testing.WireMockStepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AcceptTransitGatewayVpcAttachmentRequest;
import software.amazon.awssdk.services.ec2.model.AcceptTransitGatewayVpcAttachmentResponse;
import software.amazon.awssdk.services.ec2.model.ModifyTransitGatewayVpcAttachmentRequest;
import software.amazon.awssdk.services.ec2.model.ModifyTransitGatewayVpcAttachmentResponse;
import software.amazon.awssdk.services.ec2.model.TransitGatewayVpcAttachment;

/**
 * The attachment's AWS rules, without an emulator (which attaches within one account only): an
 * attachment of another account is accepted by the transit gateway's owner, and a subnet is swapped
 * for another of its AZ in one modification (one subnet per AZ).
 */
class AttachmentSettingsTest {
  private final WireMockStepContext ctx =
      WireMockStepContext.builder("http://127.0.0.1:9", TransitGatewayStep.ID).build();
  private final Recording spoke = new Recording();
  private final Recording owner = new Recording();
  private final VpcLayout vpc = new VpcLayout("vpc-1", "10.20.0.0/16", new Target("app", "us-east-1"),
      new LinkedHashMap<>(Map.of("us-east-1a", "subnet-a")), List.of(), List.of());
  private final AttachmentResource resource = new AttachmentResource(ctx, spoke, owner, Optional.of(vpc),
      Optional.of("tgw-1"));

  @AfterEach
  void close() {
    ctx.close();
  }

  private static TransitGatewayVpcAttachment attachment(String state, String... subnets) {
    return TransitGatewayVpcAttachment.builder().transitGatewayAttachmentId("tgw-attach-1").transitGatewayId("tgw-1")
        .vpcId("vpc-1").state(state).subnetIds(subnets).build();
  }

  @Test
  void pendingAcceptance_isADifference_acceptedWithTheOwnersClient() {
    Setting<TransitGatewayVpcAttachment> accepted = resource.settings().get(0);
    TransitGatewayVpcAttachment waiting = attachment("pendingAcceptance", "subnet-a");

    assertThat(accepted.differences(waiting)).containsExactly("state is pendingAcceptance, expected available");
    accepted.apply(waiting);

    assertThat(owner.requests).singleElement().isInstanceOfSatisfying(AcceptTransitGatewayVpcAttachmentRequest.class,
        r -> assertThat(r.transitGatewayAttachmentId()).isEqualTo("tgw-attach-1"));
    assertThat(spoke.requests).isEmpty();
  }

  @Test
  void failed_isNotConvergedOver() {
    Setting<TransitGatewayVpcAttachment> accepted = resource.settings().get(0);

    assertThat(accepted.differences(attachment("pending", "subnet-a"))).isEmpty();
    assertThatThrownBy(() -> accepted.apply(attachment("failed", "subnet-a")))
        .isInstanceOf(StepException.class).hasMessageContaining("roll back network.transit-gateway");
  }

  @Test
  void subnets_swappedInOneModification() {
    Setting<TransitGatewayVpcAttachment> subnets = resource.settings().get(1);
    TransitGatewayVpcAttachment other = attachment("available", "subnet-public-a");

    assertThat(subnets.differences(other)).containsExactly("subnet subnet-a (us-east-1a) is missing",
        "subnet subnet-public-a is attached but not in the attachment tier");
    subnets.apply(other);

    assertThat(owner.requests).isEmpty();
    assertThat(spoke.requests).singleElement().isInstanceOfSatisfying(ModifyTransitGatewayVpcAttachmentRequest.class, r -> {
      assertThat(r.addSubnetIds()).containsExactly("subnet-a");
      assertThat(r.removeSubnetIds()).containsExactly("subnet-public-a");
    });
  }

  /** A client that records the requests of the two calls the settings make, and answers them empty. */
  private static final class Recording implements Ec2Client {
    private final List<Object> requests = new ArrayList<>();

    @Override
    public AcceptTransitGatewayVpcAttachmentResponse acceptTransitGatewayVpcAttachment(
        AcceptTransitGatewayVpcAttachmentRequest request) {
      requests.add(request);
      return AcceptTransitGatewayVpcAttachmentResponse.builder().build();
    }

    @Override
    public ModifyTransitGatewayVpcAttachmentResponse modifyTransitGatewayVpcAttachment(
        ModifyTransitGatewayVpcAttachmentRequest request) {
      requests.add(request);
      return ModifyTransitGatewayVpcAttachmentResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}
