package io.provisioner.steps.network.vpc;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Tags;
import io.provisioner.steps.support.ClientTokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/** What the resources of one pass of the loop share: context, spec, mode, EC2 client, names and tags. */
final class Network {
  final StepContext ctx;
  final VpcSpec spec;
  final Reconciler.Mode mode;
  final Ec2Client ec2;

  Network(Reconciler loop, VpcSpec spec) {
    this.ctx = loop.context();
    this.spec = spec;
    this.mode = loop.mode();
    this.ec2 = ctx.clients().get(Ec2Client.class);
  }

  /** The AZs that get a NAT gateway: all of them, or the first one for {@code SINGLE}. */
  List<String> natAzs() {
    List<String> azs = spec.availabilityZones();
    return spec.natGateways() == VpcSpec.NatGateways.PER_AZ ? azs : azs.subList(0, 1);
  }

  /** The AZ whose NAT gateway carries the internet traffic of {@code az}. */
  String natAzFor(String az) {
    return spec.natGateways() == VpcSpec.NatGateways.PER_AZ ? az : spec.availabilityZones().get(0);
  }

  /** The common tags, the {@code provisioner:*} tags of a key and {@code Name=<project>-<env>-<suffix>}. */
  Map<String, String> tags(String key, String suffix) {
    Map<String, String> tags = new LinkedHashMap<>(ctx.tags().forKey(key));
    tags.put("Name", ctx.project() + "-" + ctx.env() + "-" + suffix);
    return tags;
  }

  /** Filters for the resource of one {@code provisioner:key}. */
  List<Filter> owned(String key) {
    return List.of(filter("tag:" + ResourceTags.ENV, ctx.env()), filter("tag:" + ResourceTags.STEP, VpcStep.ID),
        filter("tag:" + ResourceTags.KEY, key));
  }

  /** True when the tags mark the resource of this env, step and key (also where a filter was ignored). */
  boolean owns(List<Tag> tags, String key) {
    return ctx.tags().matches(Tags.from(tags, Tag::key, Tag::value), key);
  }

  /** An idempotency token of this env and step for the given parts. */
  String token(Object... parts) {
    return ClientTokens.of(ctx.env(), VpcStep.ID, String.join("|", Stream.of(parts).map(String::valueOf).toList()));
  }

  /** Makes a call for which the given error code means there is nothing left to do. */
  static void unless(String doneCode, Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      if (!AwsErrors.hasCode(e, doneCode)) {
        throw e;
      }
    }
  }

  static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }

  static List<Tag> ec2Tags(Map<String, String> tags) {
    return Tags.to(tags, (k, v) -> Tag.builder().key(k).value(v).build());
  }
}
