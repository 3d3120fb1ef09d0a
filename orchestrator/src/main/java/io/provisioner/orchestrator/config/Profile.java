package io.provisioner.orchestrator.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An environment profile ({@code src/envs/<env>.yaml}): what the engine itself reads, typed, and
 * the sections of the steps, each bound to its step's spec record. Every record is validated on
 * construction; {@link ProfileLoader} adds the checks that span sections.
 *
 * @param name environment name, e.g. {@code prod}
 * @param project project name, prefix of every physical name
 * @param protectedEnvironment destructive commands ask for confirmation unless {@code --yes}
 * @param accounts logical account name → account
 * @param regions primary, DR and allowed regions
 * @param tags common tags of every resource
 * @param state where the state table lives and how the lock lease behaves
 * @param execution parallelism, waits and cross-account access
 * @param placement which account each step works in (step id → logical account); others use {@code execution.defaultAccount}
 * @param sections step id → the step's bound spec, for the steps this environment has (a section
 *     left out of the YAML leaves its step out)
 */
public record Profile(
    String name,
    String project,
    boolean protectedEnvironment,
    Map<String, Account> accounts,
    Regions regions,
    Map<String, String> tags,
    StateSettings state,
    Execution execution,
    Map<String, String> placement,
    Map<String, Record> sections) {

  public Profile {
    accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    placement = placement == null ? Map.of() : Map.copyOf(placement);
    sections = sections == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
  }

  /** The logical account a step works in. */
  public String accountOf(String stepId) {
    return placement.getOrDefault(stepId, execution.defaultAccount());
  }

  /** The spec of the section that binds to {@code type}, when the profile has it. */
  public <T extends Record> Optional<T> spec(Class<T> type) {
    return sections.values().stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** The same profile in other regions ({@code --region}). */
  public Profile withRegions(Regions newRegions) {
    return new Profile(name, project, protectedEnvironment, accounts, newRegions, tags, state, execution, placement,
        sections);
  }
}
