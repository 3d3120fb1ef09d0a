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
