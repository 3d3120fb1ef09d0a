package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.BasicDefinition;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.org.organization.OrganizationSpec;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.List;

/** Registers {@code network.transit-gateway} (the hub and this VPC's attachment) under the profile section {@code network.transitGateway}. */
public final class TransitGatewayDefinition extends BasicDefinition<TransitGatewaySpec> {

  public TransitGatewayDefinition() {
    super(TransitGatewayStep.ID, "network.transitGateway", TransitGatewaySpec.class, TransitGatewayStep::new, TransitGatewayStep.OUTPUTS);
  }

  /** Sharing with the organization needs one. */
  @Override
  public List<Problem> check(TransitGatewaySpec spec, ProfileView profile) {
    return !spec.shareWithOrganization() || profile.spec(OrganizationSpec.class).isPresent() ? List.of()
        : List.of(new Problem("network.transitGateway.shareWithOrganization", "needs the organization section"));
  }
}
