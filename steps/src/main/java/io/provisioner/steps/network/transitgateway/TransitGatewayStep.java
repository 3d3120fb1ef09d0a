package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Target;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Reconciler.Mode;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.org.organization.OrganizationStep;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.TransitGateway;
import software.amazon.awssdk.services.ec2.model.TransitGatewayVpcAttachment;
import software.amazon.awssdk.services.ram.RamClient;
import software.amazon.awssdk.services.ram.model.ResourceOwner;
import software.amazon.awssdk.services.ram.model.ResourceShare;

/**
 * The hub of the hub-and-spoke network (seed 004): a transit gateway in the step's own account
 * (the network account, from the profile's placement), optionally shared with the organization
 * through RAM, the spoke VPC of {@code network.vpc} attached over its {@link
 * TransitGatewaySpec#attachmentTier()} subnets in every AZ, and routes {@link
 * TransitGatewaySpec#routeCidrs()} → transit gateway in the route tables of {@link
 * TransitGatewaySpec#routeTiers()}. The attachment and the routes are made with the clients of the
 * VPC's account ({@code network.vpc} publishes its account and region).
 *
 * <p>Written on the resource kernel: {@link GatewayResource}, {@link ShareResource}, {@link
 * AttachmentResource}, {@link RoutesResource}, in this order; rollback deletes them in reverse.
 * Checkpoints {@code transitGatewayId}, {@code transitGatewayArn}, {@code attachmentId}, and {@code
 * resourceShareArn} when shared; publishes {@link TransitGatewayOutputs}. The ASN is never changed
 * in place: a different {@code amazonSideAsn} fails and says what to do.
 */
public final class TransitGatewayStep extends ResourceStep {
  public static final String ID = "network.transit-gateway";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<TransitGatewayOutputs> OUTPUTS = OutputRef.of(ID, TransitGatewayOutputs.class);

  private final TransitGatewaySpec spec;

  public TransitGatewayStep(TransitGatewaySpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  /** The organization only when sharing with it: a profile without that section has no such step. */
  @Override
  public List<OutputRef<?>> references() {
    return spec.shareWithOrganization() ? List.of(VpcStep.OUTPUTS, OrganizationStep.OUTPUTS)
        : List.of(VpcStep.OUTPUTS);
  }

  @Override
  public TransitGatewaySpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    ServiceProbe ec2 = new ServiceProbe("ec2",
        ctx -> ctx.clients().get(Ec2Client.class).describeTransitGateways(b -> b.maxResults(5)));
    if (!spec.shareWithOrganization()) {
      return List.of(ec2);
    }
    return List.of(ec2, new ServiceProbe("ram",
        ctx -> ctx.clients().get(RamClient.class).getResourceShares(b -> b.resourceOwner(ResourceOwner.SELF)
            .maxResults(1))));
  }

  @Override
  protected void reconcile(Reconciler loop) {
    StepContext ctx = loop.context();
    boolean deleting = loop.mode() == Mode.DELETE;
    Optional<VpcLayout> vpc = (deleting ? ctx.find(VpcStep.OUTPUTS) : Optional.of(ctx.read(VpcStep.OUTPUTS)))
        .map(outputs -> VpcLayout.of(outputs, spec));
    if (loop.mode() == Mode.CONVERGE) {
      requirePlacement(ctx, vpc.orElseThrow());
    }
    Ec2Client owner = ctx.clients().get(Ec2Client.class);
    Optional<TransitGateway> tgw = loop.ensure(new GatewayResource(ctx, owner, spec));
    if (tgw.isEmpty() && !deleting) {
      return;
    }
    // routes may outlive a transit gateway deleted by other means: rollback goes by the recorded id too
    Optional<String> tgwId = tgw.map(TransitGateway::transitGatewayId)
        .or(() -> ctx.checkpoints().get(GatewayResource.ID));
    Optional<ResourceShare> share = share(loop, tgw);
    Ec2Client spoke = vpc.map(v -> ctx.clients().get(Ec2Client.class, v.target())).orElse(owner);
    AttachmentResource attachment = new AttachmentResource(ctx, spoke, owner, vpc, tgwId);
    Optional<TransitGatewayVpcAttachment> attached = loop.ensure(attachment);
    if (loop.mode() == Mode.CONVERGE && attached.filter(AttachmentResource::awaitsAcceptance).isPresent()) {
      // a cross-account attachment waits for acceptance only once created: a second pass accepts it
      attached = loop.ensure(attachment);
    }
    if (vpc.isPresent() && tgwId.isPresent()) {
      loop.ensure(new RoutesResource(spoke, spec, vpc.get(), tgwId.get()));
    }
    if (tgw.isPresent() && attached.isPresent()) {
      loop.publish(new TransitGatewayOutputs(tgw.get().transitGatewayId(), tgw.get().transitGatewayArn(),
          attached.get().transitGatewayAttachmentId(), share.map(ResourceShare::resourceShareArn).orElse(null)));
    }
  }

  /** The share with the organization; a share recorded before the spec stopped sharing is removed. */
  private Optional<ResourceShare> share(Reconciler loop, Optional<TransitGateway> tgw) {
    StepContext ctx = loop.context();
    boolean recorded = ctx.checkpoints().get(ShareResource.ARN).isPresent();
    if (!spec.shareWithOrganization()) {
      if (recorded) {
        unwanted(loop, new ShareResource(ctx, ctx.clients().get(RamClient.class), null, null), share -> List.of(
            "resource share " + share.resourceShareArn() + " still shares the transit gateway, but "
                + "shareWithOrganization is false"));
      }
      return Optional.empty();
    }
    RamClient ram = ctx.clients().get(RamClient.class);
    if (loop.mode() == Mode.DELETE) {
      return loop.ensure(new ShareResource(ctx, ram, null, null));
    }
    return loop.ensure(new ShareResource(ctx, ram, tgw.orElseThrow().transitGatewayArn(),
        ctx.read(OrganizationStep.OUTPUTS).organizationArn()));
  }

  /**
   * What the spec no longer asks for: converge deletes it in a pass of its own in DELETE mode,
   * verify reports it, rollback deletes it with the rest.
   */
  private static <L> void unwanted(Reconciler loop, Resource<L> resource, Function<L, List<String>> report) {
    switch (loop.mode()) {
      case DELETE -> loop.ensure(resource);
      case VERIFY -> Reconciler.of(loop.context(), ID, Mode.DELETE).ensure(resource)
          .ifPresent(found -> report.apply(found).forEach(loop::difference));
      case CONVERGE -> {
        Reconciler sweep = Reconciler.of(loop.context(), ID, Mode.DELETE);
        sweep.ensure(resource);
        sweep.finish();
      }
    }
  }

  /** The attachment must be in the transit gateway's region; another account can attach only to a shared one. */
  private void requirePlacement(StepContext ctx, VpcLayout vpc) {
    Target tgw = ctx.target();
    if (!tgw.region().equals(vpc.target().region())) {
      throw new StepException("VPC " + vpc.vpcId() + " is in " + vpc.target().region() + " but the transit gateway "
          + "would be in " + tgw.region() + "; a VPC attaches only to a transit gateway of its own region: place "
          + ID + " in " + vpc.target().region());
    }
    if (!spec.shareWithOrganization() && !tgw.account().equals(vpc.target().account())
        && !ctx.clients().accountId(tgw).equals(ctx.clients().accountId(vpc.target()))) {
      throw new StepException("VPC " + vpc.vpcId() + " is in account " + vpc.target().account()
          + " and the transit gateway in " + tgw.account() + "; another account can attach only to a shared "
          + "transit gateway: set network.transitGateway.shareWithOrganization to true");
    }
    Optional<Cidr> own = Cidr.parse(vpc.vpcCidr());
    for (String cidr : spec.routeCidrs()) {
      Optional<Cidr> route = Cidr.parse(cidr);
      if (route.isPresent() && own.isPresent() && own.get().contains(route.get())) {
        throw new StepException("routeCidrs entry " + cidr + " lies inside the VPC's own block " + vpc.vpcCidr()
            + ", which the local route already covers; remove it from network.transitGateway.routeCidrs");
      }
    }
  }
}
