package io.provisioner.orchestrator.config;

import io.provisioner.orchestrator.catalog.StepRegistry;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.StepDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the steps' cross-section checks see of a profile being loaded. */
record LoadedProfileView(String name, Regions regions, Map<String, Account> accountMap,
    Map<String, Record> sections, StepRegistry registry) implements ProfileView {

  @Override
  public String primaryRegion() {
    return regions.primary();
  }

  @Override
  public String drRegion() {
    return regions.dr();
  }

  @Override
  public Map<String, AccountInfo> accounts() {
    Map<String, AccountInfo> info = new LinkedHashMap<>();
    accountMap.forEach((k, a) -> info.put(k, new AccountInfo(!a.id().isEmpty(), !a.role().isEmpty())));
    return info;
  }

  @Override
  public <T extends Record> Optional<T> spec(Class<T> specType) {
    return sections.values().stream().filter(specType::isInstance).map(specType::cast).findFirst();
  }

  @Override
  public String sectionOf(Class<? extends Record> specType) {
    return registry.definitions().stream().filter(d -> d.specType().equals(specType)).map(StepDefinition::section)
        .findFirst().orElse(specType.getSimpleName());
  }
}
