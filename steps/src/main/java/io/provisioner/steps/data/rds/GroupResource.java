package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * A group of the database (DB subnet, parameter or option group): named from the spec, found by
 * that name, tagged on create, deleted by name. Its name is its id.
 */
abstract class GroupResource<G> extends RdsResource<G> {
  final String name;

  GroupResource(StepContext ctx, RdsClient rds, String kind, String name, String key, String idKey, ErrorCodes errors) {
    super(ctx, rds, key, idKey, kind + " " + name, errors);
    this.name = name;
  }

  /** The group of this name; empty when there is none. May throw the not-found code. */
  abstract Optional<G> describe();

  abstract String arn(G group);

  /** By the name the spec gives now: a group recorded for another engine major version is not this one. */
  @Override
  public Optional<G> read(String recordedName) {
    return describe();
  }

  @Override
  public Optional<G> lookup() {
    return describe();
  }

  @Override
  public String id(G group) {
    return name;
  }

  Map<String, String> tags() {
    return ctx.tags().forKey(key());
  }

  Setting<G> tagSetting() {
    return RdsTags.listed(rds, tags(), this::arn);
  }
}
