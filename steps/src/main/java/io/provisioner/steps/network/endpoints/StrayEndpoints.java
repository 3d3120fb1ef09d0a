package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * The endpoints tagged for this step (in the VPC, when it is known) that none of the spec's
 * endpoints is: services the spec no longer names, and twins. Never created; converge deletes them,
 * verify reports them, rollback deletes them with the rest. Deleting them forgets the checkpoints
 * that still name them.
 */
final class StrayEndpoints implements Resource<List<VpcEndpoint>> {

  private final StepContext ctx;
  private final Ec2Client ec2;
  private final Optional<String> vpcId;
  private final Set<String> kept;

  /** @param kept the ids of the spec's endpoints */
  StrayEndpoints(StepContext ctx, Ec2Client ec2, Optional<String> vpcId, Set<String> kept) {
    this.ctx = ctx;
    this.ec2 = ec2;
    this.vpcId = vpcId;
    this.kept = Set.copyOf(kept);
  }

  /** One line per stray, for verify. */
  static List<String> report(List<VpcEndpoint> strays) {
    return strays.stream().map(e -> "unexpected endpoint " + e.vpcEndpointId() + " (" + e.serviceName()
        + ") tagged for this environment").toList();
  }

  @Override
  public String key() {
    return "strays";
  }

  @Override
  public String idKey() {
    return "strayEndpoints";
  }

  @Override
  public String description() {
    return "endpoints tagged for " + EndpointsStep.ID + " that the spec does not name";
  }

  @Override
  public ErrorCodes errors() {
    return EndpointResource.ERRORS;
  }

  @Override
  public Optional<List<VpcEndpoint>> read(String ids) {
    return lookup();
  }

  @Override
  public Optional<List<VpcEndpoint>> lookup() {
    List<Filter> filters = new ArrayList<>();
    filters.add(EndpointResource.filter("tag:" + ResourceTags.ENV, ctx.env()));
    filters.add(EndpointResource.filter("tag:" + ResourceTags.STEP, EndpointsStep.ID));
    vpcId.ifPresent(id -> filters.add(EndpointResource.filter("vpc-id", id)));
    List<VpcEndpoint> strays = ec2.describeVpcEndpointsPaginator(b -> b.filters(filters)).vpcEndpoints().stream()
        .filter(e -> !kept.contains(e.vpcEndpointId()) && !EndpointResource.LEAVING.contains(EndpointResource.state(e)))
        .toList();
    return strays.isEmpty() ? Optional.empty() : Optional.of(strays);
  }

  /** Never reached: strays are only found, never made. */
  @Override
  public List<VpcEndpoint> create() {
    throw new StepException(description() + " are never created");
  }

  @Override
  public String id(List<VpcEndpoint> strays) {
    return String.join(",", strays.stream().map(VpcEndpoint::vpcEndpointId).toList());
  }

  /** The checkpoints that still name a stray, so that deleting it forgets them. */
  @Override
  public Map<String, String> recorded(List<VpcEndpoint> strays) {
    Map<String, String> recorded = new LinkedHashMap<>();
    Set<String> ids = Set.copyOf(strays.stream().map(VpcEndpoint::vpcEndpointId).toList());
    ctx.checkpoints().all().forEach((key, value) -> {
      if (key.startsWith(EndpointResource.checkpoint("")) && ids.contains(value)) {
        recorded.put(key, value);
      }
    });
    return recorded;
  }

  @Override
  public void delete(List<VpcEndpoint> strays) {
    EndpointResource.deleteAll(ec2, strays.stream().map(VpcEndpoint::vpcEndpointId).toList());
  }
}
