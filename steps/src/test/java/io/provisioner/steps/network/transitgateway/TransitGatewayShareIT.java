package io.provisioner.steps.network.transitgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.Verification;
import io.provisioner.steps.org.organization.OrganizationOutputs;
import io.provisioner.steps.org.organization.OrganizationStep;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.ram.RamClient;
import software.amazon.awssdk.services.ram.model.ResourceOwner;
import software.amazon.awssdk.services.ram.model.ResourceShare;
import software.amazon.awssdk.services.ram.model.ResourceShareAssociation;
import software.amazon.awssdk.services.ram.model.ResourceShareAssociationType;
import software.amazon.awssdk.services.ram.model.ResourceShareStatus;

/** The RAM path: the transit gateway shared with the organization, found again by name, re-created when deleted. */
@ExtendWith(EmulatorExtension.class)
class TransitGatewayShareIT {

  private TestHarness harness;
  private SpokeVpc vpc;
  private TransitGatewayStep step;
  private String organizationArn;
  private boolean organizationCreated;

  @BeforeEach
  void start(Emulator emulator) {
    harness = new TestHarness(emulator);
    OrganizationsClient organizations = harness.client(OrganizationsClient.class);
    try {
      organizationArn = organizations.describeOrganization().organization().arn();
    } catch (AwsOrganizationsNotInUseException e) {
      organizationArn = organizations.createOrganization(b -> b.featureSet(OrganizationFeatureSet.ALL))
          .organization().arn();
      organizationCreated = true;
    }
    harness.publish(OrganizationStep.ID, new OrganizationOutputs(organizationArn.substring(
        organizationArn.lastIndexOf('/') + 1), organizationArn, "r-test", TestHarness.ACCOUNT, Map.of(), Map.of()));
    vpc = SpokeVpc.create(harness);
    step = new TransitGatewayStep(new TransitGatewaySpec("shared hub", 64512, true, true, true, true,
        null, null, null, true));
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
    } finally {
      try {
        vpc.close();
        if (organizationCreated) {
          harness.client(OrganizationsClient.class).deleteOrganization();
        }
      } finally {
        harness.close();
      }
    }
  }

  @Test
  void create_sharesTheGatewayWithTheOrganization_andRollbackDeletesTheShare() {
    assertThat(step.dependsOn()).containsExactlyInAnyOrder("network.vpc", "org.organization");

    harness.create(step);

    Map<String, String> checkpoints = harness.checkpointsOf(TransitGatewayStep.ID);
    String shareArn = checkpoints.get("resourceShareArn");
    assertThat(shareArn).isNotNull();
    ResourceShare share = share(shareArn);
    assertThat(share.name()).isEqualTo("provisioner-" + harness.env() + "-tgw");
    assertThat(share.allowExternalPrincipals()).isFalse();
    assertThat(associations(shareArn, ResourceShareAssociationType.PRINCIPAL)).containsExactly(organizationArn);
    assertThat(associations(shareArn, ResourceShareAssociationType.RESOURCE))
        .containsExactly(checkpoints.get("transitGatewayArn"));
    assertThat(harness.verify(step).isInSync()).isTrue();
    assertThat(harness.published(TransitGatewayStep.OUTPUTS).map(TransitGatewayOutputs::resourceShareArn))
        .contains(shareArn);

    harness.counter().reset(TransitGatewayStep.ID);
    harness.create(step);
    assertThat(harness.counter().mutations(TransitGatewayStep.ID)).as("mutations of a second create").isZero();

    harness.rollback(step);

    assertThat(share(shareArn).status()).isEqualTo(ResourceShareStatus.DELETED);
    assertThat(harness.checkpointsOf(TransitGatewayStep.ID)).doesNotContainKey("resourceShareArn");
    assertThat(harness.verify(step).status()).isEqualTo(Verification.Status.MISSING);
  }

  @Test
  void create_whenShareDeletedBehindItsBack_reportsAndRecreatesIt() {
    harness.create(step);
    String first = harness.checkpointsOf(TransitGatewayStep.ID).get("resourceShareArn");
    harness.client(RamClient.class).deleteResourceShare(b -> b.resourceShareArn(first));

    assertThat(harness.verify(step).differences())
        .contains("resource share provisioner-" + harness.env() + "-tgw does not exist");

    harness.create(step);

    String second = harness.checkpointsOf(TransitGatewayStep.ID).get("resourceShareArn");
    assertThat(second).isNotEqualTo(first);
    assertThat(share(second).status()).isEqualTo(ResourceShareStatus.ACTIVE);
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  private ResourceShare share(String arn) {
    return harness.client(RamClient.class)
        .getResourceShares(b -> b.resourceOwner(ResourceOwner.SELF).resourceShareArns(arn)).resourceShares().stream()
        .filter(s -> arn.equals(s.resourceShareArn())).findFirst().orElseThrow();
  }

  private List<String> associations(String shareArn, ResourceShareAssociationType type) {
    return harness.client(RamClient.class)
        .getResourceShareAssociations(b -> b.associationType(type).resourceShareArns(shareArn))
        .resourceShareAssociations().stream().map(ResourceShareAssociation::associatedEntity).toList();
  }
}
