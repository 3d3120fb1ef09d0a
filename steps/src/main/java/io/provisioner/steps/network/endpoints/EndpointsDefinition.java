package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;
import io.provisioner.steps.network.securitygroups.SecurityGroupsSpec;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.List;
import java.util.Optional;

/** Registers {@code network.endpoints} (the S3 gateway and interface endpoints) under the profile section {@code network.endpoints}. */
public final class EndpointsDefinition implements StepDefinition<EndpointsSpec> {

  @Override
  public String id() {
    return EndpointsStep.ID;
  }

  @Override
  public String section() {
    return "network.endpoints";
  }

  @Override
  public Class<EndpointsSpec> specType() {
    return EndpointsSpec.class;
  }

  @Override
  public Optional<OutputRef<?>> outputs() {
    return Optional.of(EndpointsStep.OUTPUTS);
  }

  @Override
  public Step step(EndpointsSpec spec) {
    return new EndpointsStep(spec);
  }

  /** Interface endpoints go into the endpoints group of network.security-groups. */
  @Override
  public List<Problem> check(EndpointsSpec spec, ProfileView profile) {
    return spec.interfaceServices().isEmpty() || profile.spec(SecurityGroupsSpec.class).isPresent() ? List.of()
        : List.of(new Problem("network.endpoints.interfaceServices", "interface endpoints need the "
            + profile.sectionOf(SecurityGroupsSpec.class) + " section, whose endpoints group they use"));
  }
}
