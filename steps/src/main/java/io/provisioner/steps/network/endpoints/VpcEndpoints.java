package io.provisioner.steps.network.endpoints;

import io.provisioner.steps.support.Poll;

import io.provisioner.steps.Outputs;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.support.ClientTokens;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * The EC2 work behind {@link EndpointsStep}: one instance per call of create, verify or rollback.
 *
 * <p>All endpoints of the VPC are read once; each desired endpoint is then found by its recorded id,
 * by its {@code provisioner:*} tags (what finds an endpoint whose CreateVpcEndpoint response was
 * lost), or by service name and type (an endpoint made by hand is adopted and tagged). Only then is
 * it created, with a client token derived from env, step and service. Endpoints tagged for this
 * step that the spec no longer names (or twins) are deleted.
 */
final class VpcEndpoints {
  static final String VPC_STEP = "network.vpc";
  static final String SG_STEP = "network.security-groups";
  static final String SG_OUTPUT = "sg.endpoints";

  private static final Logger LOG = LoggerFactory.getLogger(VpcEndpoints.class);
  /** States of an endpoint that is gone or going; such an endpoint is never adopted. */
  private static final Set<String> GONE = Set.of("deleted", "deleting", "failed", "rejected", "expired");
  /** Subnets, route tables and groups created a moment ago may not be visible yet. */
  private static final Set<String> NOT_YET_VISIBLE =
      Set.of("InvalidSubnetID.NotFound", "InvalidGroup.NotFound", "InvalidRouteTableID.NotFound",
          "InvalidRouteTableId.NotFound", "InvalidVpcEndpointId.NotFound");
  /** An endpoint still being created cannot be modified yet. */
  private static final Set<String> BUSY = Set.of("IncorrectState");
  private static final int DELETE_BATCH = 25;

  private final StepContext ctx;
  private final EndpointsSpec spec;
  private final Ec2Client ec2;

  VpcEndpoints(StepContext ctx, EndpointsSpec spec) {
    this.ctx = ctx;
    this.spec = spec;
    this.ec2 = ctx.clients().get(Ec2Client.class);
  }

  static String output(String key) {
    return "endpoint." + key;
  }

  // ---------------------------------------------------------------- create

  void converge() {
    Outputs vpc = ctx.outputsOf(VPC_STEP);
    String vpcId = vpc.require("vpcId");
    List<DesiredEndpoint> plan = plan(vpc);
    List<VpcEndpoint> live = live(List.of(filter("vpc-id", vpcId)));
    List<String> changes = new ArrayList<>();
    Set<String> kept = new LinkedHashSet<>();
    for (DesiredEndpoint desired : plan) {
      Optional<VpcEndpoint> found = locate(desired, live, kept);
      String id = found.isPresent() ? adopt(desired, found.get(), changes) : create(desired, vpcId, changes);
      kept.add(id);
    }
    List<String> stale = live.stream().filter(e -> isOurs(e) && !kept.contains(e.vpcEndpointId()))
        .map(VpcEndpoint::vpcEndpointId).toList();
    if (!stale.isEmpty()) {
      delete(stale);
      stale.forEach(id -> changes.add("deleted endpoint " + id + ", which the spec no longer names"));
      forgetAllBut(kept);
    }
    if (changes.isEmpty()) {
      LOG.debug("endpoints in sync [step={}] [vpcId={}]", EndpointsStep.ID, vpcId);
    } else {
      LOG.info("converged endpoints [step={}] [vpcId={}] [changes={}]", EndpointsStep.ID, vpcId,
          String.join("; ", changes));
    }
  }

  private String adopt(DesiredEndpoint desired, VpcEndpoint endpoint, List<String> changes) {
    String id = endpoint.vpcEndpointId();
    ctx.checkpoints().put(output(desired.key()), id);
    ctx.checkpoints().clearIntent(desired.key());
    Optional<ModifyVpcEndpointRequest> modification = desired.modification(endpoint);
    if (modification.isPresent()) {
      call("modify endpoint " + desired.key() + " (" + id + ")", BUSY,
          () -> ec2.modifyVpcEndpoint(modification.get()));
      changes.add("endpoint " + desired.key() + ": " + String.join(", ", desired.differences(endpoint)));
    }
    Map<String, String> missing = tagDifferences(desired, endpoint);
    if (!missing.isEmpty()) {
      call("tag endpoint " + id, Set.of(), () -> ec2.createTags(b -> b.resources(id).tags(ec2Tags(missing))));
      changes.add("endpoint " + desired.key() + ": set tags " + missing.keySet());
    }
    return id;
  }

  private String create(DesiredEndpoint desired, String vpcId, List<String> changes) {
    ctx.checkpoints().putIntent(desired.key(), "CreateVpcEndpoint " + desired.serviceName() + " in " + vpcId);
    String what = "create endpoint " + desired.serviceName() + " in " + vpcId;
    VpcEndpoint endpoint = call(what, NOT_YET_VISIBLE, () -> {
      try {
        VpcEndpoint made = ec2.createVpcEndpoint(request(desired, vpcId, token(desired.key()))).vpcEndpoint();
        if (!GONE.contains(made.stateAsString())) {
          return made;
        }
        // the token still names an endpoint deleted since (rollback, then up again): take a fresh one
        return ec2.createVpcEndpoint(request(desired, vpcId, token(desired.key() + "#" + made.vpcEndpointId())))
            .vpcEndpoint();
      } catch (Ec2Exception e) {
        if (!AwsErrors.hasCode(e, "IdempotentParameterMismatch")) {
          throw e;
        }
        // the token was used for an endpoint with other settings, since deleted: this spec's own token
        return ec2.createVpcEndpoint(request(desired, vpcId, token(desired.key() + "#" + desired.fingerprint())))
            .vpcEndpoint();
      }
    });
    ctx.checkpoints().put(output(desired.key()), endpoint.vpcEndpointId());
    ctx.checkpoints().clearIntent(desired.key());
    changes.add("created endpoint " + desired.key() + " (" + endpoint.vpcEndpointId() + ")");
    return endpoint.vpcEndpointId();
  }

  private CreateVpcEndpointRequest request(DesiredEndpoint desired, String vpcId, String clientToken) {
    CreateVpcEndpointRequest.Builder request = CreateVpcEndpointRequest.builder()
        .vpcId(vpcId)
        .serviceName(desired.serviceName())
        .vpcEndpointType(desired.type())
        .clientToken(clientToken)
        .tagSpecifications(TagSpecification.builder()
            .resourceType(ResourceType.VPC_ENDPOINT).tags(ec2Tags(tags(desired))).build());
    if (desired.isGateway()) {
      request.routeTableIds(sorted(desired.routeTableIds()));
    } else {
      request.subnetIds(sorted(desired.subnetIds()))
          .securityGroupIds(sorted(desired.securityGroupIds()))
          .privateDnsEnabled(true);
    }
    return request.build();
  }

  private String token(String name) {
    return ClientTokens.of(ctx.env(), EndpointsStep.ID, name);
  }

  // ---------------------------------------------------------------- verify

  Verification verify() {
    Outputs vpc = ctx.outputsOf(VPC_STEP);
    if (vpc.get("vpcId").isEmpty()) {
      return Verification.missing("no VPC yet: " + VPC_STEP + " has not recorded vpcId");
    }
    if (!spec.interfaceServices().isEmpty() && ctx.outputsOf(SG_STEP).get(SG_OUTPUT).isEmpty()) {
      return Verification.missing("no endpoints security group yet: " + SG_STEP + " has not recorded " + SG_OUTPUT);
    }
    String vpcId = vpc.require("vpcId");
    List<DesiredEndpoint> plan = plan(vpc);
    List<VpcEndpoint> live = live(List.of(filter("vpc-id", vpcId)));
    List<String> differences = new ArrayList<>();
    Set<String> matched = new LinkedHashSet<>();
    for (DesiredEndpoint desired : plan) {
      Optional<VpcEndpoint> found = locate(desired, live, matched);
      if (found.isEmpty()) {
        differences.add("endpoint " + desired.key() + " (" + desired.serviceName() + ") is missing");
        continue;
      }
      VpcEndpoint endpoint = found.get();
      matched.add(endpoint.vpcEndpointId());
      String prefix = "endpoint " + desired.key() + " (" + endpoint.vpcEndpointId() + "): ";
      if (!"available".equalsIgnoreCase(endpoint.stateAsString())
          && !"pending".equalsIgnoreCase(endpoint.stateAsString())) {
        differences.add(prefix + "state is " + endpoint.stateAsString() + ", expected available");
      }
      desired.differences(endpoint).forEach(d -> differences.add(prefix + d));
      Map<String, String> actual = tagsOf(endpoint);
      tagDifferences(desired, endpoint).forEach((key, value) -> differences.add(prefix + (actual.containsKey(key)
          ? "tag " + key + " is \"" + actual.get(key) + "\", expected \"" + value + "\""
          : "tag " + key + " is missing, expected \"" + value + "\"")));
    }
    if (!plan.isEmpty() && matched.isEmpty()) {
      return Verification.missing("no endpoint of " + ctx.env() + " exists in " + vpcId);
    }
    live.stream().filter(e -> isOurs(e) && !matched.contains(e.vpcEndpointId())).forEach(e -> differences.add(
        "unexpected endpoint " + e.vpcEndpointId() + " (" + e.serviceName() + ") tagged for this environment"));
    return Verification.of(differences);
  }

  // ---------------------------------------------------------------- rollback

  /** Deletes every endpoint recorded or tagged for this step and waits until they are gone. */
  void rollback() {
    List<Filter> filters = ourFilters();
    Set<String> ids = new LinkedHashSet<>();
    ctx.checkpoints().all().forEach((key, value) -> {
      if (key.startsWith("endpoint.")) {
        ids.add(value);
      }
    });
    live(filters).forEach(e -> ids.add(e.vpcEndpointId()));
    if (!ids.isEmpty()) {
      delete(List.copyOf(ids));
      awaitGone(ids, filters);
    }
    forgetAllBut(Set.of());
  }

  private void delete(List<String> ids) {
    for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH));
      List<UnsuccessfulItem> failed = call("delete endpoints " + batch, Set.of(), () -> {
        try {
          return ec2.deleteVpcEndpoints(b -> b.vpcEndpointIds(batch)).unsuccessful();
        } catch (Ec2Exception e) {
          if (AwsErrors.isNotFound(e)) {
            return List.<UnsuccessfulItem>of();
          }
          throw e;
        }
      });
      List<String> problems = failed.stream()
          .filter(item -> item.error() == null || item.error().code() == null
              || !item.error().code().endsWith(".NotFound"))
          .map(item -> item.resourceId() + ": " + (item.error() == null ? "unknown error"
              : item.error().code() + " " + item.error().message()))
          .toList();
      if (!problems.isEmpty()) {
        throw new StepException("deleting endpoints failed for " + String.join("; ", problems)
            + "; fix the cause and run rollback again");
      }
      LOG.info("deleted endpoints [step={}] [ids={}]", EndpointsStep.ID, batch);
    }
  }

  /** Polls (bounded by {@code waits.resourceReady}) until none of the endpoints is left but deleted. */
  private void awaitGone(Set<String> ids, List<Filter> filters) {
    Poll.until(ctx.waits(), "endpoints " + ids + " to be deleted",
        () -> live(filters).stream().map(VpcEndpoint::vpcEndpointId).filter(ids::contains).toList(),
        List::isEmpty);
  }

  // ---------------------------------------------------------------- lookup

  private List<DesiredEndpoint> plan(Outputs vpc) {
    return EndpointPlan.of(spec, ctx.target().region(), vpc,
        () -> ctx.outputsOf(SG_STEP).require(SG_OUTPUT));
  }

  /**
   * The endpoint for {@code desired}, not already taken by another: the recorded one, else one
   * tagged for its key, else an untagged one of the same service and type (made by hand).
   */
  private Optional<VpcEndpoint> locate(DesiredEndpoint desired, List<VpcEndpoint> live, Set<String> taken) {
    List<VpcEndpoint> candidates = live.stream()
        .filter(e -> !taken.contains(e.vpcEndpointId()))
        .filter(e -> desired.serviceName().equals(e.serviceName()))
        .filter(e -> desired.type().toString().equalsIgnoreCase(e.vpcEndpointTypeAsString()))
        .toList();
    Optional<String> recorded = ctx.checkpoints().get(output(desired.key()));
    if (recorded.isPresent()) {
      Optional<VpcEndpoint> byId = candidates.stream().filter(e -> recorded.get().equals(e.vpcEndpointId())).findFirst();
      if (byId.isPresent()) {
        return byId;
      }
    }
    Optional<VpcEndpoint> tagged = candidates.stream()
        .filter(e -> ctx.tags().matches(tagsOf(e), desired.key())).findFirst();
    if (tagged.isPresent()) {
      return tagged;
    }
    return candidates.stream().filter(e -> !tagsOf(e).containsKey(ResourceTags.ENV)).findFirst();
  }

  /** Endpoints matching the filters that are not gone or going. */
  private List<VpcEndpoint> live(List<Filter> filters) {
    return call("describe endpoints " + filters.stream().map(f -> f.name() + "=" + f.values()).toList(), Set.of(),
        () -> ec2.describeVpcEndpointsPaginator(b -> b.filters(filters)).vpcEndpoints().stream()
            .filter(e -> !GONE.contains(e.stateAsString()))
            .toList());
  }

  /** This step's endpoints of this env, in the VPC when it is still known. */
  private List<Filter> ourFilters() {
    List<Filter> filters = new ArrayList<>();
    filters.add(filter("tag:" + ResourceTags.ENV, ctx.env()));
    filters.add(filter("tag:" + ResourceTags.STEP, EndpointsStep.ID));
    ctx.outputsOf(VPC_STEP).get("vpcId").ifPresent(id -> filters.add(filter("vpc-id", id)));
    return filters;
  }

  private boolean isOurs(VpcEndpoint endpoint) {
    Map<String, String> tags = tagsOf(endpoint);
    return ctx.env().equals(tags.get(ResourceTags.ENV)) && EndpointsStep.ID.equals(tags.get(ResourceTags.STEP));
  }

  /** Forgets the recorded endpoints and intents, except the endpoints with the given ids. */
  private void forgetAllBut(Set<String> kept) {
    ctx.checkpoints().all().forEach((key, value) -> {
      if ((key.startsWith("endpoint.") && !kept.contains(value)) || key.startsWith("intent:")) {
        ctx.checkpoints().remove(key);
      }
    });
  }

  // ---------------------------------------------------------------- helpers

  private Map<String, String> tags(DesiredEndpoint desired) {
    Map<String, String> tags = new LinkedHashMap<>(ctx.tags().forKey(desired.key()));
    tags.put("Name", ctx.project() + "-" + ctx.env() + "-" + desired.key() + "-endpoint");
    return tags;
  }

  private Map<String, String> tagDifferences(DesiredEndpoint desired, VpcEndpoint endpoint) {
    Map<String, String> actual = tagsOf(endpoint);
    Map<String, String> missing = new LinkedHashMap<>();
    tags(desired).forEach((key, value) -> {
      if (!value.equals(actual.get(key))) {
        missing.put(key, value);
      }
    });
    return missing;
  }

  private static Map<String, String> tagsOf(VpcEndpoint endpoint) {
    Map<String, String> tags = new LinkedHashMap<>();
    endpoint.tags().forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private static List<Tag> ec2Tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  private static List<String> sorted(Set<String> ids) {
    return ids.stream().sorted().toList();
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  /** Runs one EC2 call, retrying throttling and the given codes; anything else becomes a StepException. */
  private <T> T call(String what, Set<String> retryCodes, Supplier<T> call) {
    try {
      return Transient.retry(ctx.waits(), what, retryCodes, call);
    } catch (SdkException e) {
      throw new StepException(what + " failed: " + e.getMessage(), e);
    }
  }
}
