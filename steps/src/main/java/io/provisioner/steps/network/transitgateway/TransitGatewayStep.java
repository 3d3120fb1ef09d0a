package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Target;
import io.provisioner.steps.Verification;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.TransitGateway;
import software.amazon.awssdk.services.ram.RamClient;
import software.amazon.awssdk.services.ram.model.ResourceOwner;

/**
 * The hub of the hub-and-spoke network (seed 004): a transit gateway in the step's own account
 * (the network account, from the profile's placement), optionally shared with the organization
 * through RAM, the spoke VPC of {@code network.vpc} attached over its {@link
 * TransitGatewaySpec#attachmentTier()} subnets in every AZ, and routes {@link
 * TransitGatewaySpec#routeCidrs()} → transit gateway in the route tables of {@link
 * TransitGatewaySpec#routeTiers()}. The attachment and the routes are made with the clients of the
 * VPC's account ({@code network.vpc} outputs {@code account} and {@code region}).
 *
 * <p>Checkpoints and outputs: {@code transitGatewayId}, {@code transitGatewayArn}, {@code
 * attachmentId}, and {@code resourceShareArn} when shared. Rollback deletes, in this order, the
 * routes that point at the transit gateway, the attachment, the resource share and the transit
 * gateway. The ASN is never changed in place: a different {@code amazonSideAsn} fails and says what
 * to do.
 */
public final class TransitGatewayStep implements Step {
  public static final String ID = "network.transit-gateway";
  static final String VPC_STEP = "network.vpc";
  static final String ORGANIZATION_STEP = "org.organization";

  private static final Logger LOG = LoggerFactory.getLogger(TransitGatewayStep.class);

  private final TransitGatewaySpec spec;

  public TransitGatewayStep(TransitGatewaySpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return spec.shareWithOrganization() ? Set.of(VPC_STEP, ORGANIZATION_STEP) : Set.of(VPC_STEP);
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
  public void create(StepContext ctx) {
    VpcLayout vpc = VpcLayout.of(ctx.outputsOf(VPC_STEP), spec);
    requirePlacement(ctx, vpc);
    Gateway gateway = new Gateway(ctx, spec);
    List<String> changes = new ArrayList<>();
    TransitGateway tgw = doing("converging transit gateway " + gateway.name() + " in " + ctx.target(),
        () -> gateway.converge(changes));
    String tgwId = tgw.transitGatewayId();
    OrganizationShare share = new OrganizationShare(ctx);
    if (spec.shareWithOrganization()) {
      String organizationArn = ctx.outputsOf(ORGANIZATION_STEP).require("organizationArn");
      doing("sharing transit gateway " + tgwId + " with " + organizationArn + " through RAM share " + share.name(),
          () -> {
            share.converge(tgw.transitGatewayArn(), organizationArn, changes);
            return null;
          });
    } else if (ctx.checkpoints().get(OrganizationShare.ARN).isPresent()) {
      doing("deleting RAM share " + share.name() + " (shareWithOrganization is false)", () -> {
        if (share.leftover().isPresent()) {
          changes.add("deleted resource share " + share.name() + ", shareWithOrganization is false");
        }
        share.delete();
        return null;
      });
    }
    doing("attaching " + vpc.vpcId() + " (" + vpc.target() + ") to transit gateway " + tgwId,
        () -> new Attachment(ctx, vpc).converge(tgwId, changes));
    doing("routing " + spec.routeCidrs() + " to transit gateway " + tgwId + " in the route tables of " + vpc.vpcId(),
        () -> {
          new Routes(ctx, spec, vpc).converge(tgwId, changes);
          return null;
        });
    if (changes.isEmpty()) {
      LOG.debug("transit gateway in sync [step={}] [transitGatewayId={}]", ID, tgwId);
    } else {
      LOG.info("converged transit gateway [step={}] [transitGatewayId={}] [vpcId={}] [changes={}]",
          ID, tgwId, vpc.vpcId(), String.join("; ", changes));
    }
  }

  @Override
  public Verification verify(StepContext ctx) {
    VpcLayout vpc = VpcLayout.of(ctx.outputsOf(VPC_STEP), spec);
    Gateway gateway = new Gateway(ctx, spec);
    return doing("verifying transit gateway " + gateway.name() + " in " + ctx.target(), () -> {
      Optional<TransitGateway> found = gateway.find();
      if (found.isEmpty()) {
        return Verification.missing("transit gateway " + gateway.name() + " in " + ctx.target() + " is missing");
      }
      TransitGateway tgw = found.get();
      List<String> differences = new ArrayList<>(gateway.differences(tgw));
      OrganizationShare share = new OrganizationShare(ctx);
      if (spec.shareWithOrganization()) {
        String organizationArn = ctx.outputsOf(ORGANIZATION_STEP).require("organizationArn");
        differences.addAll(share.differences(tgw.transitGatewayArn(), organizationArn));
      } else if (ctx.checkpoints().get(OrganizationShare.ARN).isPresent()) {
        share.leftover().ifPresent(arn -> differences.add("resource share " + arn
            + " still shares the transit gateway, but shareWithOrganization is false"));
      }
      differences.addAll(new Attachment(ctx, vpc).differences(tgw.transitGatewayId()));
      differences.addAll(new Routes(ctx, spec, vpc).differences(tgw.transitGatewayId()));
      return Verification.of(differences);
    });
  }

  @Override
  public void rollback(StepContext ctx) {
    Gateway gateway = new Gateway(ctx, spec);
    doing("rolling back transit gateway " + gateway.name() + " in " + ctx.target(), () -> {
      List<String> tgwIds = gateway.ownedIds();
      Optional<VpcLayout> vpc = vpcForRollback(ctx);
      if (vpc.isPresent()) {
        // Routes go by the recorded id too: they may outlive a transit gateway deleted by other means.
        Set<String> routed = new LinkedHashSet<>(tgwIds);
        ctx.checkpoints().get(Gateway.ID).ifPresent(routed::add);
        new Routes(ctx, spec, vpc.get()).delete(routed);
        new Attachment(ctx, vpc.get()).delete(tgwIds);
      } else {
        List<String> deleted = Attachment.deleteFromOwnerSide(ctx, tgwIds);
        LOG.warn("rolled back without the outputs of {} [step={}] [transitGatewayIds={}] [attachmentIds={}]: routes "
            + "to the transit gateway in the VPC's route tables (if any) are left as blackholes", VPC_STEP, ID, tgwIds,
            deleted);
      }
      OrganizationShare share = new OrganizationShare(ctx);
      if (spec.shareWithOrganization() || ctx.checkpoints().get(OrganizationShare.ARN).isPresent()) {
        share.delete();
      }
      gateway.delete(tgwIds);
      LOG.info("rolled back transit gateway [step={}] [transitGatewayIds={}]", ID, tgwIds);
      return null;
    });
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
    for (String cidr : spec.routeCidrs()) {
      Optional<Cidr> route = Cidr.parse(cidr);
      Optional<Cidr> own = Cidr.parse(vpc.vpcCidr());
      if (route.isPresent() && own.isPresent() && own.get().contains(route.get())) {
        throw new StepException("routeCidrs entry " + cidr + " lies inside the VPC's own block " + vpc.vpcCidr()
            + ", which the local route already covers; remove it from network.transitGateway.routeCidrs");
      }
    }
  }

  /** The VPC layout when network.vpc's outputs are still there; rollback must work without them too. */
  private Optional<VpcLayout> vpcForRollback(StepContext ctx) {
    try {
      return Optional.of(VpcLayout.of(ctx.outputsOf(VPC_STEP), spec));
    } catch (StepException e) {
      return Optional.empty();
    }
  }

  /** Runs one phase; an SDK error becomes a {@link StepException} saying what was being done. */
  private static <T> T doing(String what, Supplier<T> work) {
    try {
      return work.get();
    } catch (SdkException e) {
      throw new StepException(what + " failed: " + e.getMessage(), e);
    }
  }
}
