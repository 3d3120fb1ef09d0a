package io.provisioner.orchestrator.catalog;

import io.provisioner.orchestrator.config.Account;
import io.provisioner.orchestrator.config.Profile;
import io.provisioner.steps.AccountDirectory;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The steps there are: every {@link StepDefinition} on the class path, found with {@link
 * ServiceLoader}. The engine imports no step package; an environment has the steps whose
 * sections its profile has.
 */
public final class StepRegistry {
  private final Map<String, StepDefinition<?>> byId;

  private StepRegistry(List<StepDefinition<?>> definitions) {
    Map<String, StepDefinition<?>> map = new LinkedHashMap<>();
    Map<String, String> sections = new LinkedHashMap<>();
    for (StepDefinition<?> d : definitions) {
      if (map.put(d.id(), d) != null) {
        throw new IllegalStateException("two step definitions have the id " + d.id());
      }
      String other = sections.put(d.section(), d.id());
      if (other != null) {
        throw new IllegalStateException("steps " + other + " and " + d.id() + " both claim section " + d.section());
      }
    }
    this.byId = map;
  }

  /** The definitions on the class path, in the order their services files list them. */
  public static StepRegistry load() {
    List<StepDefinition<?>> found = new ArrayList<>();
    ServiceLoader.load(StepDefinition.class).forEach(d -> found.add((StepDefinition<?>) d));
    return new StepRegistry(found);
  }

  /** A registry of the given definitions (tests). */
  public static StepRegistry of(List<StepDefinition<?>> definitions) {
    return new StepRegistry(definitions);
  }

  public Collection<StepDefinition<?>> definitions() {
    return byId.values();
  }

  public Optional<StepDefinition<?>> definition(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every id a profile may name in {@code placement}: the steps' ids and their old ids. */
  public Set<String> knownIds() {
    Set<String> ids = new TreeSet<>(byId.keySet());
    byId.values().forEach(d -> ids.addAll(d.aliases()));
    return ids;
  }

  /** Step id to the ids it had before a rename (only steps that were renamed). */
  public Map<String, Set<String>> aliases() {
    Map<String, Set<String>> aliases = new LinkedHashMap<>();
    byId.values().stream().filter(d -> !d.aliases().isEmpty()).forEach(d -> aliases.put(d.id(), d.aliases()));
    return aliases;
  }

  /** The current id of a step named by its id or an old one. */
  public Optional<String> resolve(String idOrAlias) {
    if (byId.containsKey(idOrAlias)) {
      return Optional.of(idOrAlias);
    }
    return byId.values().stream().filter(d -> d.aliases().contains(idOrAlias)).map(StepDefinition::id).findFirst();
  }

  /** The step that creates member accounts (its outputs are an {@link AccountDirectory}), if any is registered. */
  public Optional<StepDefinition<?>> accountCreator() {
    return byId.values().stream()
        .filter(d -> d.outputs().map(ref -> AccountDirectory.class.isAssignableFrom(ref.type())).orElse(false))
        .findFirst();
  }

  /**
   * The steps of an environment: one per section its profile has. A step placed in an account that
   * the account-creating step makes runs after it.
   */
  public List<Step> steps(Profile profile) {
    Optional<String> creator = accountCreator().map(StepDefinition::id).filter(profile.sections()::containsKey);
    List<Step> steps = new ArrayList<>();
    profile.sections().forEach((id, spec) -> {
      Step step = build(byId.get(id), spec);
      if (creator.isPresent() && !id.equals(creator.get()) && !step.dependsOn().contains(creator.get())
          && inCreatedAccount(profile, id)) {
        step = new WithDependency(step, creator.get());
      }
      steps.add(step);
    });
    return steps;
  }

  private static boolean inCreatedAccount(Profile profile, String stepId) {
    Account account = profile.accounts().get(profile.accountOf(stepId));
    return account != null && account.id().isEmpty() && !account.role().isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static <S extends Record> Step build(StepDefinition<S> definition, Record spec) {
    Step step = definition.step((S) spec);
    if (!step.id().equals(definition.id())) {
      throw new IllegalStateException("definition " + definition.id() + " built a step with id " + step.id());
    }
    return step;
  }
}
