package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;
import io.provisioner.steps.org.organization.OrganizationSpec;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.List;
import java.util.Optional;

/** Registers {@code network.transit-gateway} (the hub and this VPC's attachment) under the profile section {@code network.transitGateway}. */
public final class TransitGatewayDefinition implements StepDefinition<TransitGatewaySpec> {

  @Override
  public String id() {
    return TransitGatewayStep.ID;
  }

  @Override
  public String section() {
    return "network.transitGateway";
  }

  @Override
  public Class<TransitGatewaySpec> specType() {
    return TransitGatewaySpec.class;
  }

  @Override
  public Optional<OutputRef<?>> outputs() {
    return Optional.of(TransitGatewayStep.OUTPUTS);
  }

  @Override
  public Step step(TransitGatewaySpec spec) {
    return new TransitGatewayStep(spec);
  }

  /** Sharing with the organization needs one. */
  @Override
  public List<Problem> check(TransitGatewaySpec spec, ProfileView profile) {
    return !spec.shareWithOrganization() || profile.spec(OrganizationSpec.class).isPresent() ? List.of()
        : List.of(new Problem("network.transitGateway.shareWithOrganization", "needs the organization section"));
  }
}
