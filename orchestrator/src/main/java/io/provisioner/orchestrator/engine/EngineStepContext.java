package io.provisioner.orchestrator.engine;

import io.provisioner.orchestrator.config.Profile;
import io.provisioner.state.StepRecord;
import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Target;
import io.provisioner.steps.Waits;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a step sees in a run: the profile, shared clients, its checkpoints, the outputs its
 * references point at, and where its own outputs are published.
 */
final class EngineStepContext implements StepContext {
  private final Profile profile;
  private final Step step;
  private final AwsClients clients;
  private final Checkpoints checkpoints;
  private final Consumer<String> publisher;
  private final Function<String, Optional<StepRecord>> records;
  private final boolean deleteData;
  private final String account;
  private final Clock clock;

  /**
   * @param publisher stores the published outputs as JSON (refuses in read-only checks)
   * @param records reads another step's record from state
   * @param account the logical account the step works in (its placement, or the caller's for probes)
   */
  EngineStepContext(Profile profile, Step step, AwsClients clients, Checkpoints checkpoints,
      Consumer<String> publisher, Function<String, Optional<StepRecord>> records, boolean deleteData, String account,
      Clock clock) {
    this.profile = profile;
    this.step = step;
    this.clients = clients;
    this.checkpoints = checkpoints;
    this.publisher = publisher;
    this.records = records;
    this.deleteData = deleteData;
    this.account = account;
    this.clock = clock;
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
  public <T extends Record> T read(OutputRef<T> ref) {
    return find(ref).orElseThrow(() -> new StepException("step " + step.id() + " reads the outputs of "
        + ref.stepId() + ", which has not published them; run 'up' so " + ref.stepId() + " completes"));
  }

  @Override
  public <T extends Record> Optional<T> find(OutputRef<T> ref) {
    if (!step.references().contains(ref)) {
      throw new StepException("step " + step.id() + " reads " + ref + " but does not declare it in references(); "
          + "declare it, so the step runs after " + ref.stepId() + " and converges when it changes");
    }
    return records.apply(ref.stepId()).map(StepRecord::published).map(json -> PublishedOutputs.fromJson(ref, json));
  }

  @Override
  public void publish(Record outputs) {
    publisher.accept(PublishedOutputs.toJson(outputs));
  }

  @Override
  public ResourceTags tags() {
    Map<String, String> common = new LinkedHashMap<>(profile.tags());
    common.put("ManagedBy", "provisioner");
    return new ResourceTags(profile.name(), step.id(), common);
  }

  @Override
  public Waits waits() {
    return new Waits(
        Duration.ofSeconds(profile.execution().eventualConsistencySeconds()),
        Duration.ofSeconds(profile.execution().resourceReadySeconds()),
        Duration.ofSeconds(profile.execution().pollSeconds()));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public boolean deleteData() {
    return deleteData;
  }
}
