package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * VPC endpoints that keep AWS API traffic private (seed 004 "VPC Endpoints: Keep Traffic Private",
 * seed 000 §VPC): the S3 gateway endpoint on the app, data and management route tables of every
 * AZ, and an interface endpoint per listed service ({@code com.amazonaws.<region>.<service>}) in
 * the spec's subnet tier of every AZ, with the {@code endpoints} security group of {@code
 * network.security-groups} (443 from the VPC CIDR) and private DNS.
 *
 * <p>Converges in place: route tables of the gateway, subnets, security groups and private DNS of
 * the interface endpoints (ModifyVpcEndpoint); endpoints the spec no longer names are deleted.
 * Outputs: {@code endpoint.s3} and {@code endpoint.<service>}, the endpoint ids. Rollback deletes
 * the endpoints and waits until they are gone, so the security group can be deleted next.
 */
public final class EndpointsStep implements Step {
  public static final String ID = "network.endpoints";

  private final EndpointsSpec spec;

  public EndpointsStep(EndpointsSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of(VpcEndpoints.VPC_STEP, VpcEndpoints.SG_STEP);
  }

  @Override
  public EndpointsSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("ec2",
        ctx -> ctx.clients().get(Ec2Client.class).describeVpcEndpoints(r -> r.maxResults(5))));
  }

  @Override
  public void create(StepContext ctx) {
    new VpcEndpoints(ctx, spec).converge();
  }

  @Override
  public Verification verify(StepContext ctx) {
    return new VpcEndpoints(ctx, spec).verify();
  }

  @Override
  public void rollback(StepContext ctx) {
    new VpcEndpoints(ctx, spec).rollback();
  }
}
