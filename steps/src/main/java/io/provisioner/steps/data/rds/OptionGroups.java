package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.OptionConfiguration;
import software.amazon.awssdk.services.rds.model.OptionGroup;
import software.amazon.awssdk.services.rds.model.OptionSetting;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The option group {@code <identifier>-og<major>} when the spec asks for one: engine {@code postgres},
 * the spec's options and settings. Options someone added are removed; an option's settings are
 * compared for the names the spec gives.
 */
final class OptionGroups {
  static final String TAG_KEY = "option-group";
  /** RDS refuses to delete an option group a snapshot (e.g. the final one) still refers to. */
  static final String IN_USE = "InvalidOptionGroupStateFault";

  private static final Logger LOG = LoggerFactory.getLogger(OptionGroups.class);

  private final StepContext ctx;
  private final RdsClient rds;
  private final RdsSpec spec;
  private final String name;

  OptionGroups(StepContext ctx, RdsClient rds, RdsSpec spec) {
    this.ctx = ctx;
    this.rds = rds;
    this.spec = spec;
    this.name = RdsNames.optionGroup(spec.identifier(), spec.majorVersion());
  }

  String name() {
    return name;
  }

  /** True when the spec asks for an option group. */
  boolean wanted() {
    return spec.optionGroup() != null;
  }

  void converge(List<String> changes) {
    Optional<OptionGroup> found = describe(name);
    boolean fresh = false;
    if (found.isEmpty()) {
      found = tryCreate();
      fresh = found.isPresent();
      found = fresh ? found : describe(name);
    }
    OptionGroup group = found.orElseThrow(() -> new StepException(
        "option group " + name + " was reported to exist but cannot be read; run 'up' again"));
    Recorded.remember(ctx.checkpoints(), RdsNames.OPTION_GROUP, name);
    if (fresh) {
      changes.add("created option group " + name);
    } else if (!"postgres".equals(group.engineName()) || !spec.majorVersion().equals(group.majorEngineVersion())) {
      throw new StepException("option group " + name + " is for " + group.engineName() + " "
          + group.majorEngineVersion() + ", expected postgres " + spec.majorVersion()
          + "; an option group's engine cannot change: delete it or choose another identifier");
    }
    List<OptionConfiguration> include = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    plan(group, include, remove);
    if (!include.isEmpty() || !remove.isEmpty()) {
      rds.modifyOptionGroup(b -> b.optionGroupName(name).applyImmediately(true)
          .optionsToInclude(include.isEmpty() ? null : include)
          .optionsToRemove(remove.isEmpty() ? null : remove));
      changes.add("option group " + name + ": set " + include.stream().map(OptionConfiguration::optionName).toList()
          + ", removed " + remove);
    }
    if (!fresh) {
      RdsTags.converge(rds, "option group " + name, group.optionGroupArn(), tags(),
          RdsTags.read(rds, group.optionGroupArn()), changes);
    }
  }

  List<String> verify() {
    Optional<OptionGroup> found = describe(name);
    if (found.isEmpty()) {
      return List.of("option group " + name + " is missing");
    }
    List<String> differences = new ArrayList<>();
    List<OptionConfiguration> include = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    plan(found.get(), include, remove);
    include.forEach(o -> differences.add("option group " + name + ": option " + o.optionName()
        + " is missing or has other settings, expected " + settingsOf(o.optionSettings())));
    remove.forEach(o -> differences.add("option group " + name + ": option " + o + " is not in the spec"));
    differences.addAll(RdsTags.differences("option group " + name, tags(),
        RdsTags.read(rds, found.get().optionGroupArn())));
    return differences;
  }

  /**
   * Deletes the group recorded, or named by the spec when it asks for one; not found is done. Call after the instance is
   * gone. A group the final snapshot still refers to is kept (restoring the snapshot needs it).
   */
  void delete() {
    Set<String> groups = new TreeSet<>();
    ctx.checkpoints().get(RdsNames.OPTION_GROUP).ifPresent(groups::add);
    if (wanted()) {
      groups.add(name);
    }
    for (String group : groups) {
      try {
        rds.deleteOptionGroup(b -> b.optionGroupName(group));
      } catch (RdsException e) {
        if (AwsErrors.hasCode(e, IN_USE)) {
          LOG.info("option group kept: a snapshot still uses it [step={}] [optionGroup={}]", RdsStep.ID, group);
        } else if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
    }
    ctx.checkpoints().remove(RdsNames.OPTION_GROUP);
  }

  /** The options to add or update, and the names of the options to remove. */
  private void plan(OptionGroup live, List<OptionConfiguration> include, List<String> remove) {
    Map<String, Map<String, String>> actual = new LinkedHashMap<>();
    live.options().forEach(o -> actual.put(o.optionName(), settingsOf(o.optionSettings())));
    for (RdsSpec.Option option : spec.optionGroup().options()) {
      Map<String, String> settings = actual.get(option.name());
      boolean same = settings != null && option.settings().entrySet().stream()
          .allMatch(e -> Objects.equals(e.getValue(), settings.get(e.getKey())));
      if (!same) {
        include.add(OptionConfiguration.builder().optionName(option.name())
            .optionSettings(option.settings().entrySet().stream()
                .map(e -> OptionSetting.builder().name(e.getKey()).value(e.getValue()).build()).toList())
            .build());
      }
    }
    actual.keySet().stream()
        .filter(n -> spec.optionGroup().options().stream().noneMatch(o -> o.name().equals(n)))
        .forEach(remove::add);
  }

  private Optional<OptionGroup> describe(String groupName) {
    try {
      return rds.describeOptionGroups(b -> b.optionGroupName(groupName)).optionGroupsList().stream()
          .filter(g -> groupName.equals(g.optionGroupName())).findFirst();
    } catch (RdsException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Optional<OptionGroup> tryCreate() {
    try {
      return Optional.of(rds.createOptionGroup(b -> b.optionGroupName(name)
          .engineName("postgres")
          .majorEngineVersion(spec.majorVersion())
          .optionGroupDescription("Options of " + ctx.project() + " " + ctx.env() + " PostgreSQL (" + spec.identifier() + ")")
          .tags(RdsTags.of(tags()))).optionGroup());
    } catch (RdsException e) {
      if (AwsErrors.isAlreadyExists(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static Map<String, String> settingsOf(List<OptionSetting> settings) {
    Map<String, String> map = new LinkedHashMap<>();
    settings.forEach(s -> map.put(s.name(), s.value()));
    return map;
  }

  private Map<String, String> tags() {
    return ctx.tags().forKey(TAG_KEY);
  }
}
