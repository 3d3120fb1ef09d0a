package io.provisioner.steps;

import software.amazon.awssdk.core.SdkClient;

/**
 * SDK clients, one per (service, account, region), created on first use and shared. Every call
 * made through them is counted for the calling step (reads and mutating calls apart).
 */
public interface AwsClients {

  /** The client for this step's default {@link StepContext#target()}. */
  <T extends SdkClient> T get(Class<T> type);

  /** The client for another account or region. */
  <T extends SdkClient> T get(Class<T> type, Target target);

  /** The 12-digit account id behind a target's logical account name. */
  String accountId(Target target);
}
