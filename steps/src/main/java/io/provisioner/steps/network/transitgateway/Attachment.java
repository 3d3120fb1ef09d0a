package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.support.Poll;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TransitGatewayAttachmentState;
import software.amazon.awssdk.services.ec2.model.TransitGatewayVpcAttachment;

/**
 * The VPC attachment of the spoke VPC, over the attachment tier's subnet in each AZ. It is made with
 * the clients of the VPC's account; an attachment from another account waits for acceptance, which
 * is given with the transit gateway owner's client.
 *
 * <p>A transit gateway holds at most one live attachment per VPC, so besides the recorded id and
 * the tags, the live attachment between our transit gateway and our VPC is ours: that is how a
 * create whose response was lost (and whose tags may not have been applied) is adopted.
 */
final class Attachment {
  static final String KEY = "attachment";
  static final String ID = "attachmentId";

  private static final Set<TransitGatewayAttachmentState> GONE = Set.of(
      TransitGatewayAttachmentState.DELETING, TransitGatewayAttachmentState.DELETED,
      TransitGatewayAttachmentState.FAILED, TransitGatewayAttachmentState.FAILING,
      TransitGatewayAttachmentState.REJECTED, TransitGatewayAttachmentState.REJECTING);
  private static final Set<TransitGatewayAttachmentState> SETTLED = Set.of(
      TransitGatewayAttachmentState.AVAILABLE, TransitGatewayAttachmentState.PENDING_ACCEPTANCE,
      TransitGatewayAttachmentState.DELETED, TransitGatewayAttachmentState.FAILED,
      TransitGatewayAttachmentState.REJECTED);

  private final StepContext ctx;
  private final VpcLayout vpc;
  private final Ec2Client ec2;
  private final Ec2Client owner;

  Attachment(StepContext ctx, VpcLayout vpc) {
    this.ctx = ctx;
    this.vpc = vpc;
    this.ec2 = ctx.clients().get(Ec2Client.class, vpc.target());
    this.owner = ctx.clients().get(Ec2Client.class);
  }

  // ---------------------------------------------------------------- create

  /** Adopts or creates the attachment, waits until it is available and converges its subnets and tags. */
  TransitGatewayVpcAttachment converge(String tgwId, List<String> changes) {
    TransitGatewayVpcAttachment attachment = find(tgwId).orElse(null);
    if (attachment == null) {
      attachment = create(tgwId);
      changes.add("created VPC attachment " + attachment.transitGatewayAttachmentId());
    } else {
      remember(attachment.transitGatewayAttachmentId());
      ctx.checkpoints().clearIntent(KEY);
    }
    String id = attachment.transitGatewayAttachmentId();
    TransitGatewayVpcAttachment current = awaitAvailable(id, changes);
    List<String> wanted = List.copyOf(vpc.attachmentSubnets().values());
    List<String> add = wanted.stream().filter(s -> !current.subnetIds().contains(s)).toList();
    List<String> remove = current.subnetIds().stream().filter(s -> !wanted.contains(s)).toList();
    if (!add.isEmpty() || !remove.isEmpty()) {
      ec2.modifyTransitGatewayVpcAttachment(b -> b.transitGatewayAttachmentId(id)
          .addSubnetIds(add.isEmpty() ? null : add).removeSubnetIds(remove.isEmpty() ? null : remove));
      changes.add("VPC attachment " + id + ": added subnets " + add + ", removed " + remove);
      awaitAvailable(id, changes);
    }
    if (Ec2Tags.converge(ec2, id, tags(), current.tags())) {
      changes.add("tagged VPC attachment " + id);
    }
    return current;
  }

  private TransitGatewayVpcAttachment create(String tgwId) {
    ctx.checkpoints().putIntent(KEY, "CreateTransitGatewayVpcAttachment " + vpc.vpcId() + " to " + tgwId);
    TransitGatewayVpcAttachment attachment = ec2.createTransitGatewayVpcAttachment(b -> b
            .transitGatewayId(tgwId)
            .vpcId(vpc.vpcId())
            .subnetIds(vpc.attachmentSubnets().values())
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.TRANSIT_GATEWAY_ATTACHMENT)
                .tags(Ec2Tags.of(tags())).build()))
        .transitGatewayVpcAttachment();
    remember(attachment.transitGatewayAttachmentId());
    ctx.checkpoints().clearIntent(KEY);
    return attachment;
  }

  /** Waits for a settled state, accepts a cross-account attachment on the owner's side, and requires available. */
  private TransitGatewayVpcAttachment awaitAvailable(String id, List<String> changes) {
    TransitGatewayVpcAttachment attachment = awaitSettled(id);
    if (attachment.state() == TransitGatewayAttachmentState.PENDING_ACCEPTANCE) {
      owner.acceptTransitGatewayVpcAttachment(b -> b.transitGatewayAttachmentId(id));
      changes.add("accepted VPC attachment " + id);
      attachment = awaitSettled(id);
    }
    if (attachment.state() != TransitGatewayAttachmentState.AVAILABLE) {
      throw new StepException("VPC attachment " + id + " of " + vpc.vpcId() + " is " + attachment.stateAsString()
          + ", expected available; roll back network.transit-gateway and run 'up' again");
    }
    return attachment;
  }

  private TransitGatewayVpcAttachment awaitSettled(String id) {
    return Poll.until(ctx.waits(), "VPC attachment " + id + " of " + vpc.vpcId() + " to become available",
        () -> describe(id).orElse(null), a -> a != null && SETTLED.contains(a.state()));
  }

  // ---------------------------------------------------------------- verify

  List<String> differences(String tgwId) {
    Optional<TransitGatewayVpcAttachment> found = find(tgwId);
    if (found.isEmpty()) {
      return List.of("VPC attachment of " + vpc.vpcId() + " to transit gateway " + tgwId + " is missing");
    }
    TransitGatewayVpcAttachment attachment = found.get();
    String label = "VPC attachment " + attachment.transitGatewayAttachmentId();
    List<String> differences = new ArrayList<>();
    if (attachment.state() != TransitGatewayAttachmentState.AVAILABLE) {
      differences.add(label + " is " + attachment.stateAsString() + ", expected available");
    }
    vpc.attachmentSubnets().forEach((az, subnet) -> {
      if (!attachment.subnetIds().contains(subnet)) {
        differences.add(label + ": subnet " + subnet + " (" + az + ") is missing");
      }
    });
    attachment.subnetIds().stream().filter(s -> !vpc.attachmentSubnets().containsValue(s))
        .forEach(s -> differences.add(label + ": subnet " + s + " is attached but not in the "
            + "attachment tier"));
    differences.addAll(Ec2Tags.differences(label, tags(), attachment.tags()));
    return differences;
  }

  // ---------------------------------------------------------------- rollback

  /** Deletes our attachment(s) to any of the given transit gateways and waits until they are gone. */
  void delete(List<String> tgwIds) {
    Set<String> ids = new LinkedHashSet<>();
    ctx.checkpoints().get(ID).flatMap(this::describe).filter(a -> !GONE.contains(a.state()))
        .ifPresent(a -> ids.add(a.transitGatewayAttachmentId()));
    for (String tgwId : tgwIds) {
      ofVpc(tgwId).forEach(a -> ids.add(a.transitGatewayAttachmentId()));
    }
    for (String id : ids) {
      try {
        ec2.deleteTransitGatewayVpcAttachment(b -> b.transitGatewayAttachmentId(id));
      } catch (Ec2Exception e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
    }
    for (String id : ids) {
      Poll.until(ctx.waits(), "VPC attachment " + id + " to be deleted", () -> describe(id),
          a -> a.isEmpty() || a.get().state() == TransitGatewayAttachmentState.DELETED);
    }
    ctx.checkpoints().remove(ID);
    ctx.checkpoints().clearIntent(KEY);
  }

  /**
   * Without {@code network.vpc}'s outputs the VPC is unknown: deletes every VPC attachment of the
   * given transit gateways with the owner's client (the owner may delete attachments to its
   * transit gateway) and waits until they are gone. Returns their ids.
   */
  static List<String> deleteFromOwnerSide(StepContext ctx, List<String> tgwIds) {
    Ec2Client owner = ctx.clients().get(Ec2Client.class);
    List<String> ids = new ArrayList<>();
    for (String tgwId : tgwIds) {
      owner.describeTransitGatewayAttachmentsPaginator(b -> b.filters(
              Filter.builder().name("transit-gateway-id").values(tgwId).build(),
              Filter.builder().name("resource-type").values("vpc").build()))
          .transitGatewayAttachments().stream()
          .filter(a -> tgwId.equals(a.transitGatewayId()) && !GONE.contains(a.state()))
          .forEach(a -> ids.add(a.transitGatewayAttachmentId()));
    }
    for (String id : ids) {
      try {
        owner.deleteTransitGatewayVpcAttachment(b -> b.transitGatewayAttachmentId(id));
      } catch (Ec2Exception e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
      Poll.until(ctx.waits(), "VPC attachment " + id + " to be deleted",
          () -> owner.describeTransitGatewayAttachments(b -> b.transitGatewayAttachmentIds(id))
              .transitGatewayAttachments().stream().filter(a -> id.equals(a.transitGatewayAttachmentId())).findFirst(),
          a -> a.isEmpty() || a.get().state() == TransitGatewayAttachmentState.DELETED);
    }
    ctx.checkpoints().remove(ID);
    ctx.checkpoints().clearIntent(KEY);
    return ids;
  }

  // ---------------------------------------------------------------- lookup

  /** The recorded attachment if live and still ours, else the live one between the transit gateway and the VPC. */
  Optional<TransitGatewayVpcAttachment> find(String tgwId) {
    Optional<TransitGatewayVpcAttachment> recorded = ctx.checkpoints().get(ID).flatMap(this::describe)
        .filter(a -> !GONE.contains(a.state()) && tgwId.equals(a.transitGatewayId()) && vpc.vpcId().equals(a.vpcId()));
    if (recorded.isPresent()) {
      return recorded;
    }
    return ofVpc(tgwId).stream().findFirst();
  }

  /** Live attachments of the VPC to the transit gateway, those tagged as ours first. */
  private List<TransitGatewayVpcAttachment> ofVpc(String tgwId) {
    List<TransitGatewayVpcAttachment> live = new ArrayList<>();
    ec2.describeTransitGatewayVpcAttachmentsPaginator(b -> b.filters(
            Filter.builder().name("transit-gateway-id").values(tgwId).build(),
            Filter.builder().name("vpc-id").values(vpc.vpcId()).build()))
        .transitGatewayVpcAttachments()
        .forEach(a -> {
          if (!GONE.contains(a.state()) && tgwId.equals(a.transitGatewayId()) && vpc.vpcId().equals(a.vpcId())) {
            live.add(a);
          }
        });
    live.sort(Comparator.comparing((TransitGatewayVpcAttachment a) -> !ctx.tags().matches(Ec2Tags.toMap(a.tags()), KEY)));
    return live;
  }

  private Optional<TransitGatewayVpcAttachment> describe(String id) {
    try {
      return ec2.describeTransitGatewayVpcAttachments(b -> b.transitGatewayAttachmentIds(id))
          .transitGatewayVpcAttachments().stream().filter(a -> id.equals(a.transitGatewayAttachmentId())).findFirst();
    } catch (Ec2Exception e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void remember(String id) {
    if (!ctx.checkpoints().get(ID).filter(id::equals).isPresent()) {
      ctx.checkpoints().put(ID, id);
    }
  }

  private Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Name", ctx.project() + "-" + ctx.env() + "-vpc-attachment");
    tags.putAll(ctx.tags().forKey(KEY));
    return tags;
  }
}
