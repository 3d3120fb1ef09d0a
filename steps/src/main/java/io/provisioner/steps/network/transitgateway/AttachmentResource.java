package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TransitGatewayAttachmentState;
import software.amazon.awssdk.services.ec2.model.TransitGatewayVpcAttachment;

/**
 * The VPC attachment of the spoke VPC, over the attachment tier's subnet in each AZ, made with the
 * clients of the VPC's account. An attachment from another account reaches {@code
 * pendingAcceptance}, a difference converge settles by accepting it with the transit gateway
 * owner's client.
 *
 * <p>A transit gateway holds at most one live attachment per VPC, so besides the recorded id the
 * live attachment between our transit gateway and our VPC is ours (those tagged as ours first):
 * that is how a create whose response was lost is adopted. Without {@code network.vpc}'s outputs
 * (a rollback) only the recorded attachment is found, with the owner's client. {@code deleted},
 * {@code failed} and {@code rejected} read as gone; the states on the way there are differences
 * converge refuses.
 */
final class AttachmentResource implements Resource<TransitGatewayVpcAttachment> {
  static final String KEY = "attachment";
  static final String ID = "attachmentId";

  /**
   * EC2 error codes: an attachment, subnet or transit gateway of a moment ago may not be visible
   * yet; an attachment still pending answers {@code IncorrectState} to a modification.
   */
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("InvalidTransitGatewayAttachmentID.NotFound")
      .notYetVisible("InvalidTransitGatewayAttachmentID.NotFound", "InvalidTransitGatewayID.NotFound",
          "InvalidSubnetID.NotFound", "IncorrectState");
  private static final Set<TransitGatewayAttachmentState> GONE = Set.of(TransitGatewayAttachmentState.DELETED,
      TransitGatewayAttachmentState.FAILED, TransitGatewayAttachmentState.REJECTED);
  private static final Set<TransitGatewayAttachmentState> LEAVING = Set.of(TransitGatewayAttachmentState.DELETING,
      TransitGatewayAttachmentState.FAILING, TransitGatewayAttachmentState.REJECTING);
  private static final Set<TransitGatewayAttachmentState> BUSY = Set.of(TransitGatewayAttachmentState.PENDING,
      TransitGatewayAttachmentState.MODIFYING, TransitGatewayAttachmentState.INITIATING,
      TransitGatewayAttachmentState.INITIATING_REQUEST);

  private final StepContext ctx;
  private final Ec2Client ec2;
  private final Ec2Client owner;
  private final Optional<VpcLayout> vpc;
  private final Optional<String> transitGatewayId;

  /**
   * @param ec2 the client of the VPC's account (the owner's without the VPC)
   * @param owner the client of the transit gateway's account, which accepts
   */
  AttachmentResource(StepContext ctx, Ec2Client ec2, Ec2Client owner, Optional<VpcLayout> vpc,
      Optional<String> transitGatewayId) {
    this.ctx = ctx;
    this.ec2 = ec2;
    this.owner = owner;
    this.vpc = vpc;
    this.transitGatewayId = transitGatewayId;
  }

  static boolean awaitsAcceptance(TransitGatewayVpcAttachment attachment) {
    return attachment.state() == TransitGatewayAttachmentState.PENDING_ACCEPTANCE;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String idKey() {
    return ID;
  }

  @Override
  public String description() {
    return "VPC attachment" + vpc.map(v -> " of " + v.vpcId()).orElse("")
        + transitGatewayId.map(id -> " to transit gateway " + id).orElse("");
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<TransitGatewayVpcAttachment> read(String id) {
    return ec2.describeTransitGatewayVpcAttachments(b -> b.transitGatewayAttachmentIds(id))
        .transitGatewayVpcAttachments().stream()
        .filter(a -> id.equals(a.transitGatewayAttachmentId()) && !GONE.contains(a.state()) && isOurs(a))
        .findFirst();
  }

  @Override
  public Optional<TransitGatewayVpcAttachment> lookup() {
    if (vpc.isEmpty() || transitGatewayId.isEmpty()) {
      return Optional.empty();
    }
    return ec2.describeTransitGatewayVpcAttachmentsPaginator(b -> b.filters(
            filter("transit-gateway-id", transitGatewayId.get()), filter("vpc-id", vpc.get().vpcId())))
        .transitGatewayVpcAttachments().stream()
        .filter(a -> !GONE.contains(a.state()) && !LEAVING.contains(a.state()) && isOurs(a))
        .min(Comparator.comparing(a -> !ctx.tags().matches(tagsOf(a), KEY)));
  }

  @Override
  public TransitGatewayVpcAttachment create() {
    VpcLayout layout = vpc.orElseThrow(() -> new StepException("cannot create a VPC attachment without network.vpc"));
    return ec2.createTransitGatewayVpcAttachment(b -> b
            .transitGatewayId(transitGatewayId.orElseThrow())
            .vpcId(layout.vpcId())
            .subnetIds(layout.attachmentSubnets().values())
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.TRANSIT_GATEWAY_ATTACHMENT)
                .tags(Tags.to(tags(), (k, v) -> Tag.builder().key(k).value(v).build())).build()))
        .transitGatewayVpcAttachment();
  }

  @Override
  public String id(TransitGatewayVpcAttachment attachment) {
    return attachment.transitGatewayAttachmentId();
  }

  @Override
  public List<Setting<TransitGatewayVpcAttachment>> settings() {
    return List.of(new Accepted(), new Subnets(),
        Tags.setting(tags(), AttachmentResource::tagsOf, (a, missing) -> ec2.createTags(b -> b
            .resources(a.transitGatewayAttachmentId())
            .tags(Tags.to(missing, (k, v) -> Tag.builder().key(k).value(v).build())))));
  }

  @Override
  public Optional<String> pending(TransitGatewayVpcAttachment attachment) {
    return BUSY.contains(attachment.state()) ? Optional.of("state is " + attachment.stateAsString()) : Optional.empty();
  }

  /** One already on its way out is only waited for. */
  @Override
  public void delete(TransitGatewayVpcAttachment attachment) {
    if (!LEAVING.contains(attachment.state())) {
      ec2.deleteTransitGatewayVpcAttachment(b -> b.transitGatewayAttachmentId(attachment.transitGatewayAttachmentId()));
    }
  }

  /** The transit gateway is deleted next, which it refuses while an attachment remains. */
  @Override
  public boolean awaitDeletion() {
    return true;
  }

  /** Available (or still on its way there); waiting for acceptance is settled by accepting. */
  private final class Accepted implements Setting<TransitGatewayVpcAttachment> {
    @Override
    public List<String> differences(TransitGatewayVpcAttachment attachment) {
      return attachment.state() == TransitGatewayAttachmentState.AVAILABLE || BUSY.contains(attachment.state())
          ? List.of() : List.of("state is " + attachment.stateAsString() + ", expected available");
    }

    @Override
    public void apply(TransitGatewayVpcAttachment attachment) {
      if (!awaitsAcceptance(attachment)) {
        throw new StepException(description() + " (" + attachment.transitGatewayAttachmentId() + ") is "
            + attachment.stateAsString() + ", expected available; roll back network.transit-gateway and run 'up' again");
      }
      owner.acceptTransitGatewayVpcAttachment(b -> b.transitGatewayAttachmentId(attachment.transitGatewayAttachmentId()));
    }
  }

  /** One subnet per AZ of the attachment tier, added and removed in one call (one subnet per AZ at a time). */
  private final class Subnets implements Setting<TransitGatewayVpcAttachment> {
    @Override
    public List<String> differences(TransitGatewayVpcAttachment attachment) {
      List<String> differences = new ArrayList<>();
      wanted().forEach((az, subnet) -> {
        if (!attachment.subnetIds().contains(subnet)) {
          differences.add("subnet " + subnet + " (" + az + ") is missing");
        }
      });
      extra(attachment).forEach(s -> differences.add("subnet " + s + " is attached but not in the attachment tier"));
      return differences;
    }

    @Override
    public void apply(TransitGatewayVpcAttachment attachment) {
      List<String> add = wanted().values().stream().filter(s -> !attachment.subnetIds().contains(s)).toList();
      List<String> remove = extra(attachment);
      ec2.modifyTransitGatewayVpcAttachment(b -> b.transitGatewayAttachmentId(attachment.transitGatewayAttachmentId())
          .addSubnetIds(add.isEmpty() ? null : add).removeSubnetIds(remove.isEmpty() ? null : remove));
    }

    private Map<String, String> wanted() {
      return vpc.map(VpcLayout::attachmentSubnets).orElse(Map.of());
    }

    private List<String> extra(TransitGatewayVpcAttachment attachment) {
      return attachment.subnetIds().stream().filter(s -> !wanted().containsValue(s)).toList();
    }
  }

  private boolean isOurs(TransitGatewayVpcAttachment attachment) {
    return transitGatewayId.map(attachment.transitGatewayId()::equals).orElse(true)
        && vpc.map(v -> v.vpcId().equals(attachment.vpcId())).orElse(true);
  }

  private Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Name", ctx.project() + "-" + ctx.env() + "-vpc-attachment");
    tags.putAll(ctx.tags().forKey(KEY));
    return tags;
  }

  private static Map<String, String> tagsOf(TransitGatewayVpcAttachment attachment) {
    return Tags.from(attachment.tags(), Tag::key, Tag::value);
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }
}
