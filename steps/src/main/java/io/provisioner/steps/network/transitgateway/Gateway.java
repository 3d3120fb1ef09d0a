package io.provisioner.steps.network.transitgateway;

import io.provisioner.steps.support.Poll;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DefaultRouteTableAssociationValue;
import software.amazon.awssdk.services.ec2.model.DefaultRouteTablePropagationValue;
import software.amazon.awssdk.services.ec2.model.DnsSupportValue;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ModifyTransitGatewayOptions;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TransitGateway;
import software.amazon.awssdk.services.ec2.model.TransitGatewayOptions;
import software.amazon.awssdk.services.ec2.model.TransitGatewayState;
import software.amazon.awssdk.services.ec2.model.VpnEcmpSupportValue;

/**
 * The transit gateway itself, in the step's own target (the network account). CreateTransitGateway
 * takes no client token, so a create writes its intent first and every lookup searches the {@code
 * provisioner:*} tags before creating: a lost response is adopted, never twinned.
 */
final class Gateway {
  static final String KEY = "tgw";
  static final String ID = "transitGatewayId";
  static final String ARN = "transitGatewayArn";

  private static final Set<TransitGatewayState> GONE = Set.of(TransitGatewayState.DELETING, TransitGatewayState.DELETED);
  private static final Set<TransitGatewayState> BUSY = Set.of(TransitGatewayState.PENDING, TransitGatewayState.MODIFYING);

  private final StepContext ctx;
  private final TransitGatewaySpec spec;
  private final Ec2Client ec2;

  Gateway(StepContext ctx, TransitGatewaySpec spec) {
    this.ctx = ctx;
    this.spec = spec;
    this.ec2 = ctx.clients().get(Ec2Client.class);
  }

  /** {@code <project>-<env>-tgw}, the Name tag. */
  String name() {
    return ctx.project() + "-" + ctx.env() + "-tgw";
  }

  // ---------------------------------------------------------------- create

  /** Adopts or creates the transit gateway, waits until it is available and converges it in place. */
  TransitGateway converge(List<String> changes) {
    TransitGateway tgw = find().orElse(null);
    if (tgw == null) {
      tgw = create();
      changes.add("created transit gateway " + tgw.transitGatewayId());
    } else {
      record(tgw);
      ctx.checkpoints().clearIntent(KEY);
    }
    tgw = awaitAvailable(tgw.transitGatewayId());
    requireSameAsn(tgw);
    ModifyTransitGatewayOptions.Builder options = ModifyTransitGatewayOptions.builder();
    List<String> modified = optionChanges(tgw.options(), options);
    boolean describe = !Objects.equals(spec.description(), tgw.description());
    if (describe) {
      modified.add("description");
    }
    if (!modified.isEmpty()) {
      String id = tgw.transitGatewayId();
      ec2.modifyTransitGateway(b -> b.transitGatewayId(id).options(options.build())
          .description(describe ? spec.description() : null));
      changes.add("modified transit gateway " + id + " " + modified);
      tgw = awaitAvailable(id);
    }
    if (Ec2Tags.converge(ec2, tgw.transitGatewayId(), tags(), tgw.tags())) {
      changes.add("tagged transit gateway " + tgw.transitGatewayId());
    }
    return tgw;
  }

  private TransitGateway create() {
    ctx.checkpoints().putIntent(KEY, "CreateTransitGateway " + name() + " in " + ctx.target());
    TransitGateway tgw = ec2.createTransitGateway(b -> b
            .description(spec.description())
            .options(o -> o
                .amazonSideAsn(spec.amazonSideAsn())
                .defaultRouteTableAssociation(spec.defaultRouteTableAssociation()
                    ? DefaultRouteTableAssociationValue.ENABLE : DefaultRouteTableAssociationValue.DISABLE)
                .defaultRouteTablePropagation(spec.defaultRouteTablePropagation()
                    ? DefaultRouteTablePropagationValue.ENABLE : DefaultRouteTablePropagationValue.DISABLE)
                .dnsSupport(spec.dnsSupport() ? DnsSupportValue.ENABLE : DnsSupportValue.DISABLE)
                .vpnEcmpSupport(spec.vpnEcmpSupport() ? VpnEcmpSupportValue.ENABLE : VpnEcmpSupportValue.DISABLE))
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.TRANSIT_GATEWAY)
                .tags(Ec2Tags.of(tags())).build()))
        .transitGateway();
    record(tgw);
    ctx.checkpoints().clearIntent(KEY);
    return tgw;
  }

  private TransitGateway awaitAvailable(String id) {
    TransitGateway tgw = Poll.until(ctx.waits(), "transit gateway " + id + " to become available",
        () -> describe(id).orElse(null), t -> t != null && !BUSY.contains(t.state()));
    if (tgw.state() != TransitGatewayState.AVAILABLE) {
      throw new StepException("transit gateway " + id + " (" + name() + ") in " + ctx.target() + " is "
          + tgw.stateAsString() + ", expected available; roll back this step and run 'up' again");
    }
    return tgw;
  }

  private void requireSameAsn(TransitGateway tgw) {
    Long asn = tgw.options() == null ? null : tgw.options().amazonSideAsn();
    if (asn != null && asn != spec.amazonSideAsn()) {
      throw new StepException("transit gateway " + tgw.transitGatewayId() + " (" + name() + ") has amazonSideAsn "
          + asn + " but the profile asks for " + spec.amazonSideAsn() + "; the ASN is not changed in place: set "
          + "network.transitGateway.amazonSideAsn back to " + asn + ", or roll back network.transit-gateway "
          + "(it deletes the transit gateway, its VPC attachment and routes) and run 'up' again");
    }
  }

  /** Puts every option that differs into {@code options}; returns the names of those options. */
  private List<String> optionChanges(TransitGatewayOptions actual, ModifyTransitGatewayOptions.Builder options) {
    List<String> names = new ArrayList<>();
    for (Option option : differingOptions(actual)) {
      names.add(option.field());
      switch (option.field()) {
        case "dnsSupport" -> options.dnsSupport(option.expected());
        case "vpnEcmpSupport" -> options.vpnEcmpSupport(option.expected());
        case "defaultRouteTableAssociation" -> options.defaultRouteTableAssociation(option.expected());
        case "defaultRouteTablePropagation" -> options.defaultRouteTablePropagation(option.expected());
        default -> throw new IllegalStateException("unknown option " + option.field());
      }
    }
    return names;
  }

  /** An option that can be changed in place, with its value as EC2 spells it ({@code enable}/{@code disable}). */
  private record Option(String field, String actual, String expected) {}

  private List<Option> differingOptions(TransitGatewayOptions actual) {
    TransitGatewayOptions o = actual == null ? TransitGatewayOptions.builder().build() : actual;
    return Stream.of(
            new Option("dnsSupport", o.dnsSupportAsString(), enable(spec.dnsSupport())),
            new Option("vpnEcmpSupport", o.vpnEcmpSupportAsString(), enable(spec.vpnEcmpSupport())),
            new Option("defaultRouteTableAssociation", o.defaultRouteTableAssociationAsString(),
                enable(spec.defaultRouteTableAssociation())),
            new Option("defaultRouteTablePropagation", o.defaultRouteTablePropagationAsString(),
                enable(spec.defaultRouteTablePropagation())))
        .filter(option -> !option.expected().equals(option.actual()))
        .toList();
  }

  // ---------------------------------------------------------------- verify

  /** Every way the live transit gateway differs from the spec. */
  List<String> differences(TransitGateway tgw) {
    String label = "transit gateway " + tgw.transitGatewayId();
    List<String> differences = new ArrayList<>();
    if (tgw.state() != TransitGatewayState.AVAILABLE) {
      differences.add(label + " is " + tgw.stateAsString() + ", expected available");
    }
    Long asn = tgw.options() == null ? null : tgw.options().amazonSideAsn();
    if (asn != null && asn != spec.amazonSideAsn()) {
      differences.add(label + ": amazonSideAsn is " + asn + ", expected " + spec.amazonSideAsn()
          + " (cannot be changed in place)");
    }
    for (Option option : differingOptions(tgw.options())) {
      differences.add(label + ": " + option.field() + " is " + option.actual() + ", expected " + option.expected());
    }
    if (!Objects.equals(spec.description(), tgw.description())) {
      differences.add(label + ": description is \"" + tgw.description() + "\", expected \"" + spec.description() + "\"");
    }
    differences.addAll(Ec2Tags.differences(label, tags(), tgw.tags()));
    return differences;
  }

  // ---------------------------------------------------------------- rollback

  /** Ids of every live transit gateway of this step: the recorded one and any tagged twin. */
  List<String> ownedIds() {
    List<String> ids = new ArrayList<>();
    ctx.checkpoints().get(ID).flatMap(this::describe).filter(t -> !GONE.contains(t.state()))
        .ifPresent(t -> ids.add(t.transitGatewayId()));
    tagged().stream().map(TransitGateway::transitGatewayId).filter(id -> !ids.contains(id)).forEach(ids::add);
    return ids;
  }

  /** Deletes the given transit gateways and waits until they are gone; not found is done. */
  void delete(List<String> ids) {
    for (String id : ids) {
      try {
        ec2.deleteTransitGateway(b -> b.transitGatewayId(id));
      } catch (Ec2Exception e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
    }
    for (String id : ids) {
      Poll.until(ctx.waits(), "transit gateway " + id + " to be deleted", () -> describe(id),
          t -> t.isEmpty() || t.get().state() == TransitGatewayState.DELETED);
    }
    ctx.checkpoints().remove(ARN);
    ctx.checkpoints().remove(ID);
    ctx.checkpoints().clearIntent(KEY);
  }

  // ---------------------------------------------------------------- lookup

  /** The recorded transit gateway if it is live, else the best tagged one; deleted and deleting ones never count. */
  Optional<TransitGateway> find() {
    Optional<TransitGateway> recorded =
        ctx.checkpoints().get(ID).flatMap(this::describe).filter(t -> !GONE.contains(t.state()));
    if (recorded.isPresent()) {
      return recorded;
    }
    return tagged().stream().findFirst();
  }

  /** Live transit gateways tagged for this env, step and key; available first, then the oldest. */
  private List<TransitGateway> tagged() {
    List<TransitGateway> ours = new ArrayList<>();
    // One tag filter only: the rest of the tags are matched here (the emulator mishandles several).
    ec2.describeTransitGatewaysPaginator(b -> b.filters(
            Filter.builder().name("tag:" + ResourceTags.ENV).values(ctx.env()).build()))
        .transitGateways()
        .forEach(t -> {
          if (!GONE.contains(t.state()) && ctx.tags().matches(Ec2Tags.toMap(t.tags()), KEY)) {
            ours.add(t);
          }
        });
    ours.sort(Comparator.comparing((TransitGateway t) -> t.state() != TransitGatewayState.AVAILABLE)
        .thenComparing(TransitGateway::creationTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder())));
    return ours;
  }

  private Optional<TransitGateway> describe(String id) {
    try {
      return ec2.describeTransitGateways(b -> b.transitGatewayIds(id)).transitGateways().stream()
          .filter(t -> id.equals(t.transitGatewayId())).findFirst();
    } catch (Ec2Exception e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void record(TransitGateway tgw) {
    remember(ID, tgw.transitGatewayId());
    remember(ARN, tgw.transitGatewayArn());
  }

  private void remember(String key, String value) {
    if (value != null && !ctx.checkpoints().get(key).filter(value::equals).isPresent()) {
      ctx.checkpoints().put(key, value);
    }
  }

  private Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Name", name());
    tags.putAll(ctx.tags().forKey(KEY));
    return tags;
  }

  private static String enable(boolean on) {
    return on ? "enable" : "disable";
  }
}
