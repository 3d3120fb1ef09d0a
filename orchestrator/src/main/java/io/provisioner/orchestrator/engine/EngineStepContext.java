package io.provisioner.orchestrator.engine;

import io.provisioner.orchestrator.config.Profile;
import io.provisioner.state.StateStore;
import io.provisioner.state.StepRecord;
import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.Outputs;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Target;
import io.provisioner.steps.Waits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What a step sees in a real run: the profile, shared clients, its state-backed checkpoints. */
final class EngineStepContext implements StepContext {
  private final Profile profile;
  private final String stepId;
  private final AwsClients clients;
  private final Checkpoints checkpoints;
  private final StateStore store;
  private final boolean deleteData;
  private final String account;

  EngineStepContext(Profile profile, String stepId, AwsClients clients, Checkpoints checkpoints, StateStore store,
      boolean deleteData) {
    this(profile, stepId, clients, checkpoints, store, deleteData, profile.accountOf(stepId));
  }

  /** A context working in {@code account} instead of the step's placement (the emulator preflight's probes). */
  EngineStepContext(Profile profile, String stepId, AwsClients clients, Checkpoints checkpoints, StateStore store,
      boolean deleteData, String account) {
    this.account = account;
    this.profile = profile;
    this.stepId = stepId;
    this.clients = clients;
    this.checkpoints = checkpoints;
    this.store = store;
    this.deleteData = deleteData;
  }

  @Override
  public String env() {
    return profile.name();
  }

  @Override
  public String project() {
    return profile.project();
  }

  @Override
  public Target target() {
    return new Target(account, profile.regions().primary());
  }

  @Override
  public String drRegion() {
    return profile.regions().dr();
  }

  @Override
  public AwsClients clients() {
    return new AwsClients() {
      @Override
      public <T extends software.amazon.awssdk.core.SdkClient> T get(Class<T> type) {
        return clients.get(type, target());
      }

      @Override
      public <T extends software.amazon.awssdk.core.SdkClient> T get(Class<T> type, Target target) {
        return clients.get(type, target);
      }

      @Override
      public String accountId(Target target) {
        return clients.accountId(target);
      }
    };
  }

  @Override
  public Checkpoints checkpoints() {
    return checkpoints;
  }

  @Override
  public Outputs outputsOf(String dependency) {
    Map<String, String> values = recordOf(dependency)
        .map(StepRecord::outputs)
        .orElse(Map.of())
        .entrySet().stream()
        .filter(e -> !e.getKey().startsWith("intent:"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    return new Outputs(dependency, values);
  }

  /** A dependency's record; none while the state table does not exist yet (plan on a new account). */
  private java.util.Optional<StepRecord> recordOf(String stepId) {
    try {
      return store.step(profile.name(), stepId);
    } catch (io.provisioner.state.StateException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public ResourceTags tags() {
    Map<String, String> common = new LinkedHashMap<>(profile.tags());
    common.put("ManagedBy", "provisioner");
    return new ResourceTags(profile.name(), stepId, common);
  }

  @Override
  public Waits waits() {
    return new Waits(
        Duration.ofSeconds(profile.execution().eventualConsistencySeconds()),
        Duration.ofSeconds(profile.execution().resourceReadySeconds()),
        Duration.ofSeconds(profile.execution().pollSeconds()));
  }

  @Override
  public boolean deleteData() {
    return deleteData;
  }
}
