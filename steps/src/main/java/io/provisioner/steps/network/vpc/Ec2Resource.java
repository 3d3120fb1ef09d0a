package io.provisioner.steps.network.vpc;

import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * What every EC2 resource of the step does alike: read by id, look up by its {@code provisioner:*}
 * tags (checked again on what comes back: not every emulator applies tag filters), its {@code Name}
 * and its tags, a setting that follows the resource's own.
 *
 * <p>Until a describe sees a resource created in this pass, a read returns what the create call
 * answered: EC2 is eventually consistent, and the loop's wait after a create must find it.
 */
abstract class Ec2Resource<L> implements Resource<L> {

  /**
   * How one kind of EC2 object is described.
   *
   * @param byId the objects with an id (one, or none; may throw the kind's not-found code)
   * @param byFilters the objects a Describe call with these filters returns
   */
  record Api<L>(Function<String, List<L>> byId, Function<List<Filter>, List<L>> byFilters,
      Function<L, List<Tag>> tags, Function<L, String> id) {}

  final Network net;
  final Ec2Client ec2;
  private final String key;
  private final String tag;
  private final String name;
  private final String description;
  private final ErrorCodes errors;
  private final Api<L> api;
  private final List<Filter> scope;
  private L created;

  /**
   * @param key the checkpoint of its id, which also names its intent ({@code vpcId}, {@code
   *     subnet.app.us-east-1a}), as environments built before the kernel have them
   * @param tag its {@code provisioner:key} tag ({@code vpc}, {@code subnet.app.us-east-1a})
   * @param name the suffix of its {@code Name} tag, e.g. {@code app-us-east-1a}
   * @param scope filters a lookup adds to the tag filters, e.g. its VPC
   */
  Ec2Resource(Network net, String key, String tag, String name, String description, ErrorCodes errors, Api<L> api,
      Filter... scope) {
    this.net = net;
    this.ec2 = net.ec2;
    this.key = key;
    this.tag = tag;
    this.name = name;
    this.description = description;
    this.errors = errors;
    this.api = api;
    this.scope = List.of(scope);
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public ErrorCodes errors() {
    return errors;
  }

  @Override
  public String id(L live) {
    return api.id().apply(live);
  }

  @Override
  public Optional<L> read(String id) {
    try {
      Optional<L> found = api.byId().apply(id).stream().findFirst();
      if (found.isPresent()) {
        return found;
      }
    } catch (AwsServiceException e) {
      if (!errors.isNotFound(e)) {
        throw e;
      }
    }
    return Optional.ofNullable(created).filter(c -> id.equals(id(c)));
  }

  @Override
  public Optional<L> lookup() {
    return tagged().findFirst();
  }

  /** Everything in scope that carries this resource's tags. */
  Stream<L> tagged() {
    List<Filter> filters = new ArrayList<>(net.owned(tag));
    filters.addAll(scope);
    return api.byFilters().apply(filters).stream().filter(live -> net.owns(api.tags().apply(live), tag));
  }

  /** Remembers what a create answered, for the reads until describe sees it. */
  L created(L live) {
    created = live;
    return live;
  }

  /**
   * An idempotency token for the create: the same when the create is retried, another once the
   * resource recorded before is gone (EC2 remembers a token for a while after its resource is
   * deleted).
   */
  String clientToken(Object... parts) {
    return net.token(key, net.ctx.checkpoints().get(key).orElse(""), net.token(parts));
  }

  TagSpecification tagSpec(ResourceType type) {
    return TagSpecification.builder().resourceType(type).tags(expectedTags()).build();
  }

  List<Tag> expectedTags() {
    return Network.ec2Tags(net.tags(tag, name));
  }

  /** The expected tags, added where missing (tags of others are left alone). */
  Setting<L> tags() {
    return Tags.setting(net.tags(tag, name), live -> Tags.from(api.tags().apply(live), Tag::key, Tag::value),
        (live, missing) -> ec2.createTags(b -> b.resources(id(live)).tags(Network.ec2Tags(missing))));
  }
}
