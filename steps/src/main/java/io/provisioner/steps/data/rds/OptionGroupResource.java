package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Option;
import software.amazon.awssdk.services.rds.model.OptionConfiguration;
import software.amazon.awssdk.services.rds.model.OptionGroup;
import software.amazon.awssdk.services.rds.model.OptionSetting;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The option group {@code <identifier>-og<major>} when the spec asks for one: engine {@code
 * postgres}, the spec's options and settings. Options someone added are removed; an option's
 * settings are compared for the names the spec gives. Rollback keeps a group a snapshot (the final
 * one) still refers to: restoring the snapshot needs it.
 */
final class OptionGroupResource extends GroupResource<OptionGroup> {
  static final String ID_KEY = "optionGroup.name";
  /** DeleteOptionGroup: the group is in use, e.g. by a snapshot. */
  static final String IN_USE = "InvalidOptionGroupStateFault";

  private static final Logger LOG = LoggerFactory.getLogger(OptionGroupResource.class);
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("OptionGroupNotFoundFault")
      .alreadyExists("OptionGroupAlreadyExistsFault");

  private final RdsSpec spec;

  /** @param name the spec's group, or in a rollback the one recorded when the spec no longer asks for one */
  OptionGroupResource(StepContext ctx, RdsClient rds, RdsSpec spec, String name) {
    super(ctx, rds, "option group", name, "option-group", ID_KEY, ERRORS);
    this.spec = spec;
  }

  @Override
  Optional<OptionGroup> describe() {
    return rds.describeOptionGroups(b -> b.optionGroupName(name)).optionGroupsList().stream()
        .filter(g -> name.equals(g.optionGroupName())).findFirst();
  }

  @Override
  String arn(OptionGroup group) {
    return group.optionGroupArn();
  }

  @Override
  public OptionGroup create() {
    return rds.createOptionGroup(b -> b.optionGroupName(name).engineName("postgres")
        .majorEngineVersion(spec.majorVersion()).tags(RdsTags.of(tags()))
        .optionGroupDescription("Options of " + ctx.project() + " " + ctx.env() + " PostgreSQL (" + spec.identifier() + ")"))
        .optionGroup();
  }

  @Override
  public List<Setting<OptionGroup>> settings() {
    return List.of(Setting.fixed("engine", g -> g.engineName() + " " + g.majorEngineVersion(),
        "postgres " + spec.majorVersion(), "delete that group or choose another identifier"), new Options(), tagSetting());
  }

  @Override
  public void delete(OptionGroup group) {
    try {
      rds.deleteOptionGroup(b -> b.optionGroupName(name));
    } catch (RdsException e) {
      if (!AwsErrors.hasCode(e, IN_USE)) {
        throw e;
      }
      LOG.info("option group kept: a snapshot still uses it [step={}] [optionGroup={}]", RdsStep.ID, name);
    }
  }

  /** The spec's options, with at least the settings it names; nothing else. */
  private final class Options implements Setting<OptionGroup> {
    @Override
    public List<String> differences(OptionGroup group) {
      List<String> differences = new ArrayList<>();
      toInclude(group).forEach(o -> differences.add("option " + o.name() + " is missing or has other settings, expected "
          + o.settings()));
      toRemove(group).forEach(name -> differences.add("option " + name + " is not in the spec"));
      return differences;
    }

    @Override
    public void apply(OptionGroup group) {
      List<OptionConfiguration> include = toInclude(group).stream().map(o -> OptionConfiguration.builder()
          .optionName(o.name()).optionSettings(o.settings().entrySet().stream()
              .map(e -> OptionSetting.builder().name(e.getKey()).value(e.getValue()).build()).toList()).build()).toList();
      List<String> remove = toRemove(group);
      rds.modifyOptionGroup(b -> b.optionGroupName(name).applyImmediately(true)
          .optionsToInclude(include.isEmpty() ? null : include).optionsToRemove(remove.isEmpty() ? null : remove));
    }

    private List<RdsSpec.Option> toInclude(OptionGroup group) {
      Map<String, Map<String, String>> live = new HashMap<>();
      group.options().forEach(o -> live.put(o.optionName(), settings(o.optionSettings())));
      return spec.optionGroup().options().stream().filter(o -> !live.containsKey(o.name())
          || !live.get(o.name()).entrySet().containsAll(o.settings().entrySet())).toList();
    }

    private List<String> toRemove(OptionGroup group) {
      return group.options().stream().map(Option::optionName)
          .filter(n -> spec.optionGroup().options().stream().noneMatch(o -> o.name().equals(n))).toList();
    }
  }

  private static Map<String, String> settings(List<OptionSetting> settings) {
    Map<String, String> map = new HashMap<>();
    settings.forEach(s -> map.put(s.name(), s.value()));
    return map;
  }
}
