package io.provisioner.steps.network.vpc;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * What every resource class of the step shares: the step context, the spec, the clients, names,
 * tags, tag filters and checkpoint helpers. One per call of create, verify or rollback.
 */
final class VpcContext {
  /** Error codes of a resource created a moment ago and not yet visible to the next call. */
  private static final Set<String> NOT_YET_VISIBLE = Set.of(
      "InvalidVpcID.NotFound", "InvalidSubnetID.NotFound", "InvalidRouteTableID.NotFound",
      "InvalidNetworkAclID.NotFound", "InvalidInternetGatewayID.NotFound", "InvalidAllocationID.NotFound",
      "InvalidNatGatewayID.NotFound", "NatGatewayNotFound", "InvalidGatewayID.NotFound");

  private final StepContext ctx;
  private final VpcSpec spec;
  private final Ec2Client ec2;
  private CloudWatchLogsClient logs;

  VpcContext(StepContext ctx, VpcSpec spec) {
    this.ctx = ctx;
    this.spec = spec;
    this.ec2 = ctx.clients().get(Ec2Client.class);
  }

  StepContext step() {
    return ctx;
  }

  VpcSpec spec() {
    return spec;
  }

  Ec2Client ec2() {
    return ec2;
  }

  CloudWatchLogsClient logs() {
    if (logs == null) {
      logs = ctx.clients().get(CloudWatchLogsClient.class);
    }
    return logs;
  }

  /** The AZs that get a NAT gateway: all of them, or the first one for {@code SINGLE}. */
  List<String> natAzs() {
    return spec.natGateways() == VpcSpec.NatGateways.PER_AZ
        ? spec.availabilityZones()
        : List.of(spec.availabilityZones().get(0));
  }

  /** The AZ whose NAT gateway carries the internet traffic of {@code az}. */
  String natAzFor(String az) {
    return spec.natGateways() == VpcSpec.NatGateways.PER_AZ ? az : spec.availabilityZones().get(0);
  }

  // ---------------------------------------------------------------- names and tags

  /** {@code <project>-<env>-<suffix>}, the Name tag of a resource. */
  String name(String suffix) {
    return ctx.project() + "-" + ctx.env() + "-" + suffix;
  }

  /** The common tags, the {@code provisioner:*} tags of a logical key and {@code Name}. */
  Map<String, String> tags(String key, String suffix) {
    Map<String, String> tags = new LinkedHashMap<>(ctx.tags().forKey(key));
    tags.put("Name", name(suffix));
    return tags;
  }

  TagSpecification tagSpec(ResourceType type, String key, String suffix) {
    return TagSpecification.builder().resourceType(type).tags(ec2Tags(tags(key, suffix))).build();
  }

  /** Filters for the resources tagged by this env and step (any logical key). */
  List<Filter> ownedByStep() {
    return List.of(
        filter("tag:" + ResourceTags.ENV, ctx.env()),
        filter("tag:" + ResourceTags.STEP, VpcStep.ID));
  }

  /** Filters for the resource of one logical key. */
  List<Filter> ownedBy(String key) {
    List<Filter> filters = new ArrayList<>(ownedByStep());
    filters.add(filter("tag:" + ResourceTags.KEY, key));
    return filters;
  }

  static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }

  /** The logical key of a resource tagged by this env and step, or empty. */
  Optional<String> keyOf(List<Tag> tags) {
    Map<String, String> map = toMap(tags);
    if (ctx.env().equals(map.get(ResourceTags.ENV)) && VpcStep.ID.equals(map.get(ResourceTags.STEP))) {
      return Optional.ofNullable(map.get(ResourceTags.KEY));
    }
    return Optional.empty();
  }

  static Map<String, String> toMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> map.put(t.key(), t.value()));
    }
    return map;
  }

  static List<Tag> ec2Tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  /** The expected tags that are absent or carry another value. */
  Map<String, String> missingTags(List<Tag> actual, String key, String suffix) {
    Map<String, String> have = toMap(actual);
    Map<String, String> missing = new LinkedHashMap<>();
    tags(key, suffix).forEach((name, value) -> {
      if (!value.equals(have.get(name))) {
        missing.put(name, value);
      }
    });
    return missing;
  }

  /** Sets the missing tags on an EC2 resource; records the change. */
  void convergeTags(String resourceId, List<Tag> actual, String key, String suffix, List<String> changes) {
    Map<String, String> missing = missingTags(actual, key, suffix);
    if (!missing.isEmpty()) {
      mutate("tag " + resourceId, () -> ec2.createTags(b -> b.resources(resourceId).tags(ec2Tags(missing))));
      changes.add("tagged " + resourceId + " with " + missing.keySet());
    }
  }

  /** Differences between the expected and the actual tags of a resource, in words. */
  void tagDifferences(String label, List<Tag> actual, String key, String suffix, List<String> differences) {
    Map<String, String> have = toMap(actual);
    missingTags(actual, key, suffix).forEach((name, value) -> differences.add(label + ": "
        + (have.containsKey(name)
            ? "tag " + name + " is \"" + have.get(name) + "\", expected \"" + value + "\""
            : "tag " + name + " is missing, expected \"" + value + "\"")));
  }

  // ---------------------------------------------------------------- checkpoints

  Optional<String> recorded(String checkpoint) {
    return ctx.checkpoints().get(checkpoint);
  }

  /** Writes a checkpoint only when its value changes, and clears its intent. */
  void remember(String checkpoint, String value) {
    if (!ctx.checkpoints().get(checkpoint).filter(value::equals).isPresent()) {
      ctx.checkpoints().put(checkpoint, value);
    }
    if (ctx.checkpoints().intent(checkpoint).isPresent()) {
      ctx.checkpoints().clearIntent(checkpoint);
    }
  }

  /** Recorded ids of the checkpoints whose key starts with {@code prefix}, id to key. */
  Map<String, String> recordedWithPrefix(String prefix) {
    Map<String, String> ids = new LinkedHashMap<>();
    ctx.checkpoints().all().forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        ids.put(v, k);
      }
    });
    return ids;
  }

  void intend(String checkpoint, String detail) {
    ctx.checkpoints().putIntent(checkpoint, detail);
  }

  void forget(String checkpoint) {
    ctx.checkpoints().remove(checkpoint);
    ctx.checkpoints().clearIntent(checkpoint);
  }

  // ---------------------------------------------------------------- calls

  /**
   * SDK waiter settings from the profile: give up after {@link
   * io.provisioner.steps.Waits#resourceReady()}, poll every {@link
   * io.provisioner.steps.Waits#pollInterval()}.
   */
  WaiterOverrideConfiguration waiterConfig() {
    var waits = ctx.waits();
    long attempts = Math.max(2, waits.resourceReady().toMillis() / waits.pollInterval().toMillis());
    return WaiterOverrideConfiguration.builder()
        .waitTimeout(waits.resourceReady())
        .maxAttempts((int) Math.min(Integer.MAX_VALUE, attempts))
        .backoffStrategyV2(BackoffStrategy.fixedDelay(waits.pollInterval()))
        .build();
  }

  /**
   * A mutating call on a resource known to exist: a not-found right after the resource's creation
   * (eventual consistency) and throttling are retried within the profile's waits.
   */
  <T> T mutate(String what, Supplier<T> call) {
    return Transient.retry(ctx.waits(), what, NOT_YET_VISIBLE, call);
  }

  /** {@link #mutate} for a call whose response is not needed. */
  void act(String what, Runnable call) {
    Transient.run(ctx.waits(), what, NOT_YET_VISIBLE, call);
  }

  /**
   * A delete call for which "not found" (and "not attached", "already gone") means done.
   */
  static void ignoreNotFound(Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      if (!AwsErrors.isNotFound(e)
          && !AwsErrors.hasCode(e, "Gateway.NotAttached")) {
        throw e;
      }
    }
  }

  /** Runs one phase of the step; an SDK error becomes a {@link StepException} naming the phase. */
  static <T> T phase(String what, Supplier<T> work) {
    try {
      return work.get();
    } catch (SdkException e) {
      throw new StepException(what + " failed: " + e.getMessage(), e);
    }
  }
}
