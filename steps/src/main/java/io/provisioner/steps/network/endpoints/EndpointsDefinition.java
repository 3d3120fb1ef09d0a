package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;

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
  public Step step(EndpointsSpec spec) {
    return new EndpointsStep(spec);
  }
}
