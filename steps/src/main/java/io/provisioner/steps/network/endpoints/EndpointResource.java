package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import io.provisioner.steps.support.ClientTokens;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * One VPC endpoint of the spec: the S3 gateway (route tables) or an interface endpoint (subnets,
 * the endpoints security group, private DNS).
 *
 * <p>Found by its recorded id, then among the VPC's endpoints of its service and type: the one
 * tagged for its key (what finds an endpoint whose CreateVpcEndpoint response was lost), else an
 * untagged one made by hand, which is adopted and tagged. Created with a client token derived from
 * env, step and key. States (DescribeVpcEndpoints answers them in lower case, unlike the SDK's
 * enum): {@code pending} is {@link #pending}; {@code deleted} reads as gone; {@code deleting},
 * {@code failed} and the like are a difference that converge refuses to paper over. Rollback waits
 * until the endpoint is deleted, so its network interfaces release the security group.
 */
final class EndpointResource implements Resource<VpcEndpoint> {
  /**
   * EC2 error codes: DescribeVpcEndpoints and ModifyVpcEndpoint answer {@code
   * InvalidVpcEndpointId.NotFound}, DeleteVpcEndpoints reports {@code InvalidVpcEndpoint.NotFound}
   * per endpoint; subnets, route tables and groups of a moment ago may not be visible yet, and an
   * endpoint still being created answers {@code IncorrectState} to a modification.
   */
  static final ErrorCodes ERRORS = ErrorCodes.notFound("InvalidVpcEndpointId.NotFound", "InvalidVpcEndpoint.NotFound")
      .notYetVisible("InvalidVpcEndpointId.NotFound", "InvalidSubnetID.NotFound", "InvalidGroup.NotFound",
          "InvalidRouteTableID.NotFound", "InvalidRouteTableId.NotFound", "IncorrectState");
  /** States of an endpoint that is gone or going: never adopted. */
  static final Set<String> LEAVING = Set.of("deleting", "deleted", "failed", "rejected", "expired");

  private final StepContext ctx;
  private final Ec2Client ec2;
  private final DesiredEndpoint desired;
  private final Optional<String> vpcId;

  EndpointResource(StepContext ctx, Ec2Client ec2, DesiredEndpoint desired, Optional<String> vpcId) {
    this.ctx = ctx;
    this.ec2 = ec2;
    this.desired = desired;
    this.vpcId = vpcId;
  }

  /** The checkpoint of an endpoint's id, e.g. {@code endpoint.s3}. */
  static String checkpoint(String key) {
    return "endpoint." + key;
  }

  static String state(VpcEndpoint endpoint) {
    return endpoint.stateAsString() == null ? "" : endpoint.stateAsString().toLowerCase(Locale.ROOT);
  }

  @Override
  public String key() {
    return desired.key();
  }

  @Override
  public String idKey() {
    return checkpoint(desired.key());
  }

  @Override
  public String description() {
    return "endpoint " + desired.serviceName() + vpcId.map(id -> " in " + id).orElse("");
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<VpcEndpoint> read(String endpointId) {
    return ec2.describeVpcEndpoints(b -> b.vpcEndpointIds(endpointId)).vpcEndpoints().stream()
        .filter(e -> endpointId.equals(e.vpcEndpointId()) && isOfService(e) && !"deleted".equals(state(e))
            && vpcId.map(e.vpcId()::equals).orElse(true))
        .findFirst();
  }

  @Override
  public Optional<VpcEndpoint> lookup() {
    List<Filter> filters = new ArrayList<>();
    filters.add(filter("service-name", desired.serviceName()));
    vpcId.ifPresentOrElse(id -> filters.add(filter("vpc-id", id)),
        () -> filters.add(filter("tag:" + ResourceTags.ENV, ctx.env())));
    List<VpcEndpoint> candidates = ec2.describeVpcEndpointsPaginator(b -> b.filters(filters)).vpcEndpoints().stream()
        .filter(e -> isOfService(e) && !LEAVING.contains(state(e)))
        .toList();
    Optional<VpcEndpoint> tagged = candidates.stream().filter(e -> ctx.tags().matches(tagsOf(e), key())).findFirst();
    if (tagged.isPresent() || vpcId.isEmpty()) {
      return tagged;
    }
    return candidates.stream().filter(e -> !tagsOf(e).containsKey(ResourceTags.ENV)).findFirst();
  }

  @Override
  public VpcEndpoint create() {
    try {
      VpcEndpoint made = ec2.createVpcEndpoint(request(token(key()))).vpcEndpoint();
      if (!LEAVING.contains(state(made))) {
        return made;
      }
      // the token still names an endpoint deleted since (rollback, then up again): take a fresh one
      return ec2.createVpcEndpoint(request(token(key() + "#" + made.vpcEndpointId()))).vpcEndpoint();
    } catch (Ec2Exception e) {
      if (!AwsErrors.hasCode(e, "IdempotentParameterMismatch")) {
        throw e;
      }
      // the token was used for an endpoint with other settings, deleted since: this spec's own token
      return ec2.createVpcEndpoint(request(token(key() + "#" + desired.fingerprint()))).vpcEndpoint();
    }
  }

  @Override
  public String id(VpcEndpoint endpoint) {
    return endpoint.vpcEndpointId();
  }

  @Override
  public List<Setting<VpcEndpoint>> settings() {
    List<Setting<VpcEndpoint>> settings = new ArrayList<>();
    settings.add(new Available());
    if (desired.isGateway()) {
      settings.add(new IdSetting<>("route table", VpcEndpoint::routeTableIds, desired.routeTableIds(),
          (e, add, remove) -> modify(e, b -> b.addRouteTableIds(add).removeRouteTableIds(remove))));
    } else {
      settings.add(new IdSetting<>("subnet", VpcEndpoint::subnetIds, desired.subnetIds(),
          (e, add, remove) -> modify(e, b -> b.addSubnetIds(add).removeSubnetIds(remove))));
      settings.add(new IdSetting<>("security group", EndpointResource::groupIds, desired.securityGroupIds(),
          (e, add, remove) -> modify(e, b -> b.addSecurityGroupIds(add).removeSecurityGroupIds(remove))));
      settings.add(Setting.of("private DNS", e -> Boolean.TRUE.equals(e.privateDnsEnabled()), true,
          (e, on) -> modify(e, b -> b.privateDnsEnabled(on))));
    }
    settings.add(Tags.setting(tags(), EndpointResource::tagsOf, (e, missing) -> ec2.createTags(b -> b
        .resources(e.vpcEndpointId()).tags(Tags.to(missing, (k, v) -> Tag.builder().key(k).value(v).build())))));
    return settings;
  }

  @Override
  public Optional<String> pending(VpcEndpoint endpoint) {
    return "pending".equals(state(endpoint)) ? Optional.of("state is pending") : Optional.empty();
  }

  /** An endpoint already being deleted is only waited for. */
  @Override
  public void delete(VpcEndpoint endpoint) {
    if (!"deleting".equals(state(endpoint))) {
      deleteAll(ec2, List.of(endpoint.vpcEndpointId()));
    }
  }

  @Override
  public boolean awaitDeletion() {
    return true;
  }

  /** Deletes endpoints; one reported gone is done, any other failure is thrown with its code. */
  static void deleteAll(Ec2Client ec2, List<String> ids) {
    List<UnsuccessfulItem> failed = ec2.deleteVpcEndpoints(b -> b.vpcEndpointIds(ids)).unsuccessful();
    List<String> problems = failed.stream()
        .filter(item -> item.error() == null || !ERRORS.notFound().contains(item.error().code()))
        .map(item -> item.resourceId() + ": " + (item.error() == null ? "unknown error"
            : item.error().code() + " " + item.error().message()))
        .toList();
    if (!problems.isEmpty()) {
      throw new StepException("deleting endpoints failed for " + String.join("; ", problems)
          + "; fix the cause and run rollback again");
    }
  }

  /** Available (or still pending) is in order; an endpoint on its way out or failed is not converged over. */
  private final class Available implements Setting<VpcEndpoint> {
    @Override
    public List<String> differences(VpcEndpoint endpoint) {
      String state = state(endpoint);
      if (state.equals("available") || state.equals("pending")) {
        return List.of();
      }
      String reason = endpoint.lastError() == null ? "" : " (" + endpoint.lastError().code() + ": "
          + endpoint.lastError().message() + ")";
      return List.of("state is " + state + reason + ", expected available");
    }

    @Override
    public void apply(VpcEndpoint endpoint) {
      throw new StepException(description() + " (" + endpoint.vpcEndpointId() + ") is " + state(endpoint)
          + (state(endpoint).equals("deleting") ? "; run 'up' again once it is deleted: a new one is created then"
              : "; roll back network.endpoints (or delete it) and run 'up' again"));
    }
  }

  private void modify(VpcEndpoint endpoint, Consumer<ModifyVpcEndpointRequest.Builder> change) {
    ec2.modifyVpcEndpoint(b -> change.accept(b.vpcEndpointId(endpoint.vpcEndpointId())));
  }

  private CreateVpcEndpointRequest request(String clientToken) {
    CreateVpcEndpointRequest.Builder request = CreateVpcEndpointRequest.builder()
        .vpcId(vpcId.orElseThrow(() -> new StepException("cannot create " + description()
            + " without the VPC of network.vpc")))
        .serviceName(desired.serviceName())
        .vpcEndpointType(desired.type())
        .clientToken(clientToken)
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VPC_ENDPOINT)
            .tags(Tags.to(tags(), (k, v) -> Tag.builder().key(k).value(v).build())).build());
    if (desired.isGateway()) {
      request.routeTableIds(sorted(desired.routeTableIds()));
    } else {
      request.subnetIds(sorted(desired.subnetIds())).securityGroupIds(sorted(desired.securityGroupIds()))
          .privateDnsEnabled(true);
    }
    return request.build();
  }

  private String token(String name) {
    return ClientTokens.of(ctx.env(), EndpointsStep.ID, name);
  }

  private boolean isOfService(VpcEndpoint endpoint) {
    return desired.serviceName().equals(endpoint.serviceName())
        && desired.type().toString().equalsIgnoreCase(endpoint.vpcEndpointTypeAsString());
  }

  private Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>(ctx.tags().forKey(key()));
    tags.put("Name", ctx.project() + "-" + ctx.env() + "-" + key() + "-endpoint");
    return tags;
  }

  static Map<String, String> tagsOf(VpcEndpoint endpoint) {
    return Tags.from(endpoint.tags(), Tag::key, Tag::value);
  }

  private static Collection<String> groupIds(VpcEndpoint endpoint) {
    return endpoint.groups().stream().map(SecurityGroupIdentifier::groupId).toList();
  }

  private static List<String> sorted(Set<String> ids) {
    return ids.stream().sorted().toList();
  }

  static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }
}
