package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.BasicDefinition;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.network.securitygroups.SecurityGroupsSpec;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.List;

/** Registers {@code network.endpoints} (the S3 gateway and interface endpoints) under the profile section {@code network.endpoints}. */
public final class EndpointsDefinition extends BasicDefinition<EndpointsSpec> {

  public EndpointsDefinition() {
    super(EndpointsStep.ID, "network.endpoints", EndpointsSpec.class, EndpointsStep::new, EndpointsStep.OUTPUTS);
  }

  /** Interface endpoints go into the endpoints group of network.security-groups. */
  @Override
  public List<Problem> check(EndpointsSpec spec, ProfileView profile) {
    return spec.interfaceServices().isEmpty() || profile.spec(SecurityGroupsSpec.class).isPresent() ? List.of()
        : List.of(new Problem("network.endpoints.interfaceServices", "interface endpoints need the "
            + profile.sectionOf(SecurityGroupsSpec.class) + " section, whose endpoints group they use"));
  }
}
