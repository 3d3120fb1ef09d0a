package io.provisioner.orchestrator.catalog;

import io.provisioner.orchestrator.config.Profile;
import io.provisioner.steps.Step;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.List;
import java.util.Set;

/**
 * The composition root of the steps: which steps an environment has, built from its profile. The
 * engine itself knows steps only through the {@link Step} contract.
 */
public final class StepCatalog {
  private StepCatalog() {}

  /** The step that creates member accounts and records their ids as {@code account.<name>}. */
  public static final String ORGANIZATION_STEP = "org.organization";

  /** The id of an account created by the organization step, as recorded in its state. */
  public static java.util.Optional<String> createdAccountId(io.provisioner.state.StateStore store, String env,
      String accountName) {
    if (store == null) {
      return java.util.Optional.empty();
    }
    return store.step(env, ORGANIZATION_STEP).map(r -> r.outputs().get("account." + accountName));
  }

  /** Every step id, for validating the profile's placement before anything is built. */
  public static Set<String> stepIds() {
    return Set.of(KmsStep.ID, IamStep.ID);
  }

  public static List<Step> steps(Profile profile) {
    return List.of(
        new KmsStep(profile.security().kms()),
        new IamStep(profile.security().iam()));
  }
}
