package io.provisioner.orchestrator.engine;

import io.provisioner.orchestrator.catalog.StepRegistry;
import io.provisioner.state.StateStore;
import io.provisioner.state.StepRecord;
import io.provisioner.steps.AccountDirectory;
import io.provisioner.steps.OutputRef;
import java.util.Optional;

/**
 * The ids of member accounts the profile gives no id for, as the account-creating step published
 * them ({@link AccountDirectory}); read from state, no AWS call.
 */
public final class CreatedAccounts {
  private final StepRegistry registry;

  public CreatedAccounts(StepRegistry registry) {
    this.registry = registry;
  }

  /** The 12-digit id of account {@code name} of environment {@code env}, once it was created. */
  public Optional<String> id(StateStore store, String env, String name) {
    if (store == null) {
      return Optional.empty();
    }
    return registry.accountCreator().flatMap(d -> d.outputs()).flatMap(ref -> read(store, env, ref))
        .map(directory -> directory.accountIds().get(name));
  }

  private static Optional<AccountDirectory> read(StateStore store, String env, OutputRef<?> ref) {
    return store.step(env, ref.stepId()).map(StepRecord::published)
        .map(json -> (AccountDirectory) PublishedOutputs.fromJson(ref, json));
  }
}
