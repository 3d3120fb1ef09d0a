package io.provisioner.orchestrator.config;

import io.provisioner.steps.spec.SpecCheck;

/**
 * @param defaultAccount logical account of steps the placement does not name
 * @param parallelism steps run at once (the CLI's --parallelism overrides it)
 * @param eventualConsistencySeconds bound for retries of not-yet-visible resources
 * @param resourceReadySeconds bound for waiters of long creations (databases, NAT gateways)
 * @param pollSeconds first interval of those retries and waiters
 * @param sdkMaxAttempts SDK attempts per call for throttling and 5xx
 */
public record Execution(
    String defaultAccount,
    int parallelism,
    int eventualConsistencySeconds,
    int resourceReadySeconds,
    int pollSeconds,
    int sdkMaxAttempts) {
  public Execution {
    SpecCheck.of()
        .notBlank(defaultAccount, "defaultAccount")
        .range(parallelism, 1, 64, "parallelism")
        .range(eventualConsistencySeconds, 5, 900, "eventualConsistencySeconds")
        .range(resourceReadySeconds, 30, 14400, "resourceReadySeconds")
        .range(pollSeconds, 1, 60, "pollSeconds")
        .range(sdkMaxAttempts, 1, 20, "sdkMaxAttempts")
        .done();
  }
}
