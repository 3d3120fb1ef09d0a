package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBParameterGroup;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The DB parameter group {@code <identifier>-pg<major>} of family {@code postgres<major>} with the
 * spec's parameters. Only parameters whose value differs are modified; parameters someone else set
 * are reset to the engine default. Dynamic parameters apply at once, static ones at the next reboot
 * (the apply type is read from the group itself, and only when something must change).
 */
final class ParameterGroups {
  static final String TAG_KEY = "parameter-group";

  private final StepContext ctx;
  private final RdsClient rds;
  private final RdsSpec spec;
  private final String name;

  ParameterGroups(StepContext ctx, RdsClient rds, RdsSpec spec) {
    this.ctx = ctx;
    this.rds = rds;
    this.spec = spec;
    this.name = RdsNames.parameterGroup(spec.identifier(), spec.majorVersion());
  }

  String name() {
    return name;
  }

  void converge(List<String> changes) {
    Optional<DBParameterGroup> found = describe();
    boolean fresh = false;
    if (found.isEmpty()) {
      found = tryCreate();
      fresh = found.isPresent();
      found = fresh ? found : describe();
    }
    DBParameterGroup group = found.orElseThrow(() -> new StepException(
        "DB parameter group " + name + " was reported to exist but cannot be read; run 'up' again"));
    Recorded.remember(ctx.checkpoints(), RdsNames.PARAMETER_GROUP, name);
    if (fresh) {
      changes.add("created DB parameter group " + name + " (" + spec.parameterGroupFamily() + ")");
    } else {
      requireFamily(group);
    }
    ParameterDiff diff = ParameterDiff.of(spec.parameters(), userParameters());
    if (!diff.isEmpty()) {
      Map<String, String> applyTypes = applyTypes();
      for (List<Parameter> batch : diff.setBatches(applyTypes)) {
        rds.modifyDBParameterGroup(b -> b.dbParameterGroupName(name).parameters(batch));
      }
      for (List<Parameter> batch : diff.resetBatches(applyTypes)) {
        rds.resetDBParameterGroup(b -> b.dbParameterGroupName(name).parameters(batch));
      }
      if (!diff.toSet().isEmpty()) {
        changes.add("DB parameter group " + name + ": set " + diff.toSet().keySet());
      }
      if (!diff.toReset().isEmpty()) {
        changes.add("DB parameter group " + name + ": reset " + diff.toReset());
      }
    }
    if (!fresh) {
      RdsTags.converge(rds, "DB parameter group " + name, group.dbParameterGroupArn(), tags(),
          RdsTags.read(rds, group.dbParameterGroupArn()), changes);
    }
  }

  List<String> verify() {
    Optional<DBParameterGroup> found = describe();
    if (found.isEmpty()) {
      return List.of("DB parameter group " + name + " is missing");
    }
    List<String> differences = new ArrayList<>();
    if (!spec.parameterGroupFamily().equals(found.get().dbParameterGroupFamily())) {
      differences.add("DB parameter group " + name + ": family is " + found.get().dbParameterGroupFamily()
          + ", expected " + spec.parameterGroupFamily());
    }
    differences.addAll(ParameterDiff.of(spec.parameters(), userParameters()).describe(name));
    differences.addAll(RdsTags.differences("DB parameter group " + name, tags(),
        RdsTags.read(rds, found.get().dbParameterGroupArn())));
    return differences;
  }

  /** Deletes the group; not found is done. Call after the instances that use it are gone. */
  void delete() {
    try {
      rds.deleteDBParameterGroup(b -> b.dbParameterGroupName(name));
    } catch (RdsException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
    ctx.checkpoints().remove(RdsNames.PARAMETER_GROUP);
  }

  private Optional<DBParameterGroup> describe() {
    try {
      // RDS answers DBParameterGroupNotFound for an unknown name; some implementations answer an empty list.
      return rds.describeDBParameterGroups(b -> b.dbParameterGroupName(name)).dbParameterGroups().stream()
          .filter(g -> name.equals(g.dbParameterGroupName())).findFirst();
    } catch (RdsException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Optional<DBParameterGroup> tryCreate() {
    try {
      return Optional.of(rds.createDBParameterGroup(b -> b.dbParameterGroupName(name)
          .dbParameterGroupFamily(spec.parameterGroupFamily())
          .description("PostgreSQL settings of " + ctx.project() + " " + ctx.env() + " (" + spec.identifier() + ")")
          .tags(RdsTags.of(tags()))).dbParameterGroup());
    } catch (RdsException e) {
      if (AwsErrors.isAlreadyExists(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void requireFamily(DBParameterGroup group) {
    if (!spec.parameterGroupFamily().equals(group.dbParameterGroupFamily())) {
      throw new StepException("DB parameter group " + name + " has family " + group.dbParameterGroupFamily()
          + ", expected " + spec.parameterGroupFamily() + "; a family cannot change: delete that group (it is not in "
          + "use by this database) or choose another identifier");
    }
  }

  /** The parameters someone set (source {@code user}), name to value. */
  private Map<String, String> userParameters() {
    Map<String, String> values = new HashMap<>();
    rds.describeDBParametersPaginator(b -> b.dbParameterGroupName(name).source("user")).parameters()
        .forEach(p -> values.put(p.parameterName(), p.parameterValue()));
    return values;
  }

  /** The apply type ({@code static} or {@code dynamic}) of every parameter of the group. */
  private Map<String, String> applyTypes() {
    Map<String, String> types = new HashMap<>();
    rds.describeDBParametersPaginator(b -> b.dbParameterGroupName(name)).parameters()
        .forEach(p -> types.put(p.parameterName(), p.applyType()));
    return types;
  }

  private Map<String, String> tags() {
    return ctx.tags().forKey(TAG_KEY);
  }
}
