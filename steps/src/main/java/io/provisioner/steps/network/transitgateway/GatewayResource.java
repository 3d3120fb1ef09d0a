package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DefaultRouteTableAssociationValue;
import software.amazon.awssdk.services.ec2.model.DefaultRouteTablePropagationValue;
import software.amazon.awssdk.services.ec2.model.DnsSupportValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ModifyTransitGatewayOptions;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TransitGateway;
import software.amazon.awssdk.services.ec2.model.TransitGatewayOptions;
import software.amazon.awssdk.services.ec2.model.TransitGatewayState;
import software.amazon.awssdk.services.ec2.model.VpnEcmpSupportValue;

/**
 * The transit gateway itself, {@code <project>-<env>-tgw} in the step's own target (the network
 * account). CreateTransitGateway takes no client token, so the loop writes its intent first and a
 * lookup searches the {@code provisioner:*} tags before creating: a lost response is adopted, never
 * twinned. {@code pending} and {@code modifying} are {@link #pending}; {@code deleted} reads as
 * gone; one {@code deleting} is a difference converge refuses. The ASN is fixed once it exists.
 */
final class GatewayResource implements Resource<TransitGateway> {
  static final String KEY = "tgw";
  static final String ID = "transitGatewayId";
  static final String ARN = "transitGatewayArn";

  /**
   * EC2 error codes: a transit gateway of a moment ago may not be visible yet; one that is pending
   * or modifying answers {@code IncorrectState} to a modification, and so does its deletion while
   * attachments are still being deleted.
   */
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("InvalidTransitGatewayID.NotFound")
      .notYetVisible("InvalidTransitGatewayID.NotFound", "IncorrectState");
  private static final Set<TransitGatewayState> LEAVING = Set.of(TransitGatewayState.DELETING,
      TransitGatewayState.DELETED);
  private static final Set<TransitGatewayState> BUSY = Set.of(TransitGatewayState.PENDING,
      TransitGatewayState.MODIFYING);

  private final StepContext ctx;
  private final Ec2Client ec2;
  private final TransitGatewaySpec spec;

  GatewayResource(StepContext ctx, Ec2Client ec2, TransitGatewaySpec spec) {
    this.ctx = ctx;
    this.ec2 = ec2;
    this.spec = spec;
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
    return "transit gateway " + name() + " in " + ctx.target();
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<TransitGateway> read(String id) {
    return ec2.describeTransitGateways(b -> b.transitGatewayIds(id)).transitGateways().stream()
        .filter(t -> id.equals(t.transitGatewayId()) && t.state() != TransitGatewayState.DELETED)
        .findFirst();
  }

  /** The transit gateways tagged for this env, step and key that are not on their way out: available first, then the oldest. */
  @Override
  public Optional<TransitGateway> lookup() {
    // One tag filter only: the rest of the tags are matched here (the emulator mishandles several).
    return ec2.describeTransitGatewaysPaginator(b -> b.filters(
            Filter.builder().name("tag:" + ResourceTags.ENV).values(ctx.env()).build()))
        .transitGateways().stream()
        .filter(t -> !LEAVING.contains(t.state()) && ctx.tags().matches(tagsOf(t), KEY))
        .min(Comparator.comparing((TransitGateway t) -> t.state() != TransitGatewayState.AVAILABLE)
            .thenComparing(TransitGateway::creationTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder())));
  }

  @Override
  public TransitGateway create() {
    return ec2.createTransitGateway(b -> b
            .description(spec.description())
            .options(o -> o
                .amazonSideAsn(spec.amazonSideAsn())
                .defaultRouteTableAssociation(association())
                .defaultRouteTablePropagation(propagation())
                .dnsSupport(dnsSupport())
                .vpnEcmpSupport(vpnEcmpSupport()))
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.TRANSIT_GATEWAY)
                .tags(Tags.to(tags(), (k, v) -> Tag.builder().key(k).value(v).build())).build()))
        .transitGateway();
  }

  @Override
  public String id(TransitGateway tgw) {
    return tgw.transitGatewayId();
  }

  @Override
  public Map<String, String> recorded(TransitGateway tgw) {
    Map<String, String> recorded = new LinkedHashMap<>();
    recorded.put(ARN, tgw.transitGatewayArn());
    return recorded;
  }

  /** In this order: the ASN fails before anything is modified. */
  @Override
  public List<Setting<TransitGateway>> settings() {
    return List.of(
        new NotLeaving(),
        Setting.fixed("amazonSideAsn", t -> options(t).amazonSideAsn(), spec.amazonSideAsn(),
            "set network.transitGateway.amazonSideAsn back to the value it has, or roll back network.transit-gateway "
                + "(it deletes the transit gateway, its VPC attachment and routes) and run 'up' again"),
        option("dnsSupport", TransitGatewayOptions::dnsSupport, dnsSupport(), (o, v) -> o.dnsSupport(v)),
        option("vpnEcmpSupport", TransitGatewayOptions::vpnEcmpSupport, vpnEcmpSupport(), (o, v) -> o.vpnEcmpSupport(v)),
        option("defaultRouteTableAssociation", TransitGatewayOptions::defaultRouteTableAssociation, association(),
            (o, v) -> o.defaultRouteTableAssociation(v)),
        option("defaultRouteTablePropagation", TransitGatewayOptions::defaultRouteTablePropagation, propagation(),
            (o, v) -> o.defaultRouteTablePropagation(v)),
        Setting.of("description", TransitGateway::description, spec.description(),
            (t, value) -> ec2.modifyTransitGateway(b -> b.transitGatewayId(t.transitGatewayId()).description(value))),
        Tags.setting(tags(), GatewayResource::tagsOf, (t, missing) -> ec2.createTags(b -> b
            .resources(t.transitGatewayId()).tags(Tags.to(missing, (k, v) -> Tag.builder().key(k).value(v).build())))));
  }

  @Override
  public Optional<String> pending(TransitGateway tgw) {
    return BUSY.contains(tgw.state()) ? Optional.of("state is " + tgw.stateAsString()) : Optional.empty();
  }

  /** One already being deleted is only waited for. */
  @Override
  public void delete(TransitGateway tgw) {
    if (tgw.state() != TransitGatewayState.DELETING) {
      ec2.deleteTransitGateway(b -> b.transitGatewayId(tgw.transitGatewayId()));
    }
  }

  @Override
  public boolean awaitDeletion() {
    return true;
  }

  /** {@code <project>-<env>-tgw}, the Name tag. */
  String name() {
    return ctx.project() + "-" + ctx.env() + "-tgw";
  }

  /** A transit gateway being deleted is not converged over: a new one is made once it is gone. */
  private final class NotLeaving implements Setting<TransitGateway> {
    @Override
    public List<String> differences(TransitGateway tgw) {
      return tgw.state() == TransitGatewayState.DELETING ? List.of("state is deleting, expected available") : List.of();
    }

    @Override
    public void apply(TransitGateway tgw) {
      throw new StepException(description() + " (" + tgw.transitGatewayId() + ") is being deleted; run 'up' again "
          + "once it is deleted: a new one is created then");
    }
  }

  /** An option ModifyTransitGateway changes in place. */
  private <V> Setting<TransitGateway> option(String name, Function<TransitGatewayOptions, V> actual, V desired,
      BiConsumer<ModifyTransitGatewayOptions.Builder, V> put) {
    return Setting.of(name, t -> actual.apply(options(t)), desired,
        (t, value) -> modify(t, o -> put.accept(o, value)));
  }

  private void modify(TransitGateway tgw, Consumer<ModifyTransitGatewayOptions.Builder> options) {
    ec2.modifyTransitGateway(b -> b.transitGatewayId(tgw.transitGatewayId()).options(options));
  }

  private static TransitGatewayOptions options(TransitGateway tgw) {
    return tgw.options() == null ? TransitGatewayOptions.builder().build() : tgw.options();
  }

  private DnsSupportValue dnsSupport() {
    return spec.dnsSupport() ? DnsSupportValue.ENABLE : DnsSupportValue.DISABLE;
  }

  private VpnEcmpSupportValue vpnEcmpSupport() {
    return spec.vpnEcmpSupport() ? VpnEcmpSupportValue.ENABLE : VpnEcmpSupportValue.DISABLE;
  }

  private DefaultRouteTableAssociationValue association() {
    return spec.defaultRouteTableAssociation() ? DefaultRouteTableAssociationValue.ENABLE
        : DefaultRouteTableAssociationValue.DISABLE;
  }

  private DefaultRouteTablePropagationValue propagation() {
    return spec.defaultRouteTablePropagation() ? DefaultRouteTablePropagationValue.ENABLE
        : DefaultRouteTablePropagationValue.DISABLE;
  }

  private Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Name", name());
    tags.putAll(ctx.tags().forKey(KEY));
    return tags;
  }

  static Map<String, String> tagsOf(TransitGateway tgw) {
    return Tags.from(tgw.tags(), Tag::key, Tag::value);
  }
}
