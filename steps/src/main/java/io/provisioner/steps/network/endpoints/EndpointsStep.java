package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.network.securitygroups.SecurityGroupsOutputs;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcOutputs;
import io.provisioner.steps.network.vpc.VpcStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * VPC endpoints that keep AWS API traffic private (seed 004 "VPC Endpoints: Keep Traffic Private",
 * seed 000 §VPC): the S3 gateway endpoint on the app, data and management route tables of every
 * AZ, and an interface endpoint per listed service ({@code com.amazonaws.<region>.<service>}) in
 * the spec's subnet tier of every AZ, with the {@code endpoints} security group of {@code
 * network.security-groups} (443 from the VPC CIDR) and private DNS.
 *
 * <p>Written on the resource kernel: an {@link EndpointResource} per endpoint, converged in place
 * (route tables, subnets, security groups, private DNS, tags); endpoints tagged for this step that
 * the spec no longer names ({@link StrayEndpoints}) are deleted. Checkpoints {@code endpoint.s3} and
 * {@code endpoint.<service>}; publishes {@link EndpointsOutputs}. Rollback deletes the endpoints and
 * waits until they are gone, so the security group can be deleted next.
 */
public final class EndpointsStep extends ResourceStep {
  public static final String ID = "network.endpoints";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<EndpointsOutputs> OUTPUTS = OutputRef.of(ID, EndpointsOutputs.class);

  private final EndpointsSpec spec;

  public EndpointsStep(EndpointsSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  /** The security groups only when there are interface endpoints to place in theirs. */
  @Override
  public List<OutputRef<?>> references() {
    return spec.interfaceServices().isEmpty() ? List.of(VpcStep.OUTPUTS)
        : List.of(VpcStep.OUTPUTS, SecurityGroupsStep.OUTPUTS);
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
  protected void reconcile(Reconciler loop) {
    StepContext ctx = loop.context();
    boolean deleting = loop.mode() == Reconciler.Mode.DELETE;
    Optional<VpcOutputs> vpc = deleting ? ctx.find(VpcStep.OUTPUTS) : Optional.of(ctx.read(VpcStep.OUTPUTS));
    Optional<String> vpcId = vpc.map(VpcOutputs::vpcId);
    Ec2Client ec2 = ctx.clients().get(Ec2Client.class);
    List<DesiredEndpoint> plan = EndpointPlan.of(spec, ctx.target().region(), deleting ? Optional.empty() : vpc,
        () -> ctx.read(SecurityGroupsStep.OUTPUTS).group(SecurityGroupsOutputs.ENDPOINTS));
    Map<String, String> ids = new LinkedHashMap<>();
    for (DesiredEndpoint desired : plan) {
      loop.ensure(new EndpointResource(ctx, ec2, desired, vpcId))
          .ifPresent(endpoint -> ids.put(desired.key(), endpoint.vpcEndpointId()));
    }
    StrayEndpoints strays = new StrayEndpoints(ctx, ec2, vpcId, Set.copyOf(ids.values()));
    switch (loop.mode()) {
      case DELETE -> loop.ensure(strays);
      case VERIFY -> Reconciler.of(ctx, ID, Reconciler.Mode.DELETE).ensure(strays)
          .ifPresent(found -> StrayEndpoints.report(found).forEach(loop::difference));
      case CONVERGE -> {
        // a pass of its own in DELETE mode: what the spec no longer names is found and deleted
        Reconciler sweep = Reconciler.of(ctx, ID, Reconciler.Mode.DELETE);
        sweep.ensure(strays);
        sweep.finish();
      }
    }
    loop.publish(new EndpointsOutputs(ids));
  }
}
