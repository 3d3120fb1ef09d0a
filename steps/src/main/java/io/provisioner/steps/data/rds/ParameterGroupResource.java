package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBParameterGroup;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * The DB parameter group {@code <identifier>-pg<major>} of family {@code postgres<major>} with the
 * spec's parameters. Only parameters whose value differs are modified; parameters someone else set
 * are reset to the engine default. Dynamic parameters apply at once, static ones at the next reboot
 * (the apply type is read from the group itself, and only when something must change).
 */
final class ParameterGroupResource extends GroupResource<DBParameterGroup> {
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("DBParameterGroupNotFound")
      .alreadyExists("DBParameterGroupAlreadyExists");

  private final RdsSpec spec;

  ParameterGroupResource(StepContext ctx, RdsClient rds, RdsSpec spec) {
    super(ctx, rds, "DB parameter group", RdsNames.parameterGroup(spec.identifier(), spec.majorVersion()),
        "parameter-group", "parameterGroup.name", ERRORS);
    this.spec = spec;
  }

  @Override
  Optional<DBParameterGroup> describe() {
    return rds.describeDBParameterGroups(b -> b.dbParameterGroupName(name)).dbParameterGroups().stream()
        .filter(g -> name.equals(g.dbParameterGroupName())).findFirst();
  }

  @Override
  String arn(DBParameterGroup group) {
    return group.dbParameterGroupArn();
  }

  @Override
  public DBParameterGroup create() {
    return rds.createDBParameterGroup(b -> b.dbParameterGroupName(name).dbParameterGroupFamily(spec.parameterGroupFamily())
        .description("PostgreSQL settings of " + ctx.project() + " " + ctx.env() + " (" + spec.identifier() + ")")
        .tags(RdsTags.of(tags()))).dbParameterGroup();
  }

  @Override
  public List<Setting<DBParameterGroup>> settings() {
    return List.of(Setting.fixed("family", DBParameterGroup::dbParameterGroupFamily, spec.parameterGroupFamily(),
        "delete that group (no database of this environment uses it) or choose another identifier"),
        new Parameters(), tagSetting());
  }

  /** Called once the instances that use it are gone. */
  @Override
  public void delete(DBParameterGroup group) {
    rds.deleteDBParameterGroup(b -> b.dbParameterGroupName(name));
  }

  private final class Parameters implements Setting<DBParameterGroup> {
    @Override
    public List<String> differences(DBParameterGroup group) {
      return diff().describe();
    }

    @Override
    public void apply(DBParameterGroup group) {
      ParameterDiff diff = diff();
      Map<String, String> applyTypes = parameters(null, Parameter::applyType);
      for (List<Parameter> batch : diff.setBatches(applyTypes)) {
        rds.modifyDBParameterGroup(b -> b.dbParameterGroupName(name).parameters(batch));
      }
      for (List<Parameter> batch : diff.resetBatches(applyTypes)) {
        rds.resetDBParameterGroup(b -> b.dbParameterGroupName(name).parameters(batch));
      }
    }

    private ParameterDiff diff() {
      return ParameterDiff.of(spec.parameters(), parameters("user", Parameter::parameterValue));
    }

    /** One field of the group's parameters (of one source, or all), by name. */
    private Map<String, String> parameters(String source, java.util.function.Function<Parameter, String> field) {
      Map<String, String> values = new HashMap<>();
      rds.describeDBParametersPaginator(b -> b.dbParameterGroupName(name).source(source)).parameters()
          .forEach(p -> values.put(p.parameterName(), field.apply(p)));
      return values;
    }
  }
}
