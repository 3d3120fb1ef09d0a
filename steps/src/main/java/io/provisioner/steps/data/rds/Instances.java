package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * DB instance calls shared by the primary and the replicas: describe, wait (the SDK's waiters,
 * bounded by {@code waits().resourceReady()}), modify, tag and delete.
 */
final class Instances {
  /** States an instance passes through on its own; anything else but {@code available} needs a person. */
  static final Set<String> TRANSITIONAL = Set.of("creating", "backing-up", "modifying", "rebooting",
      "configuring-enhanced-monitoring", "configuring-log-exports", "configuring-iam-database-auth",
      "upgrading", "renaming", "resetting-master-credentials", "storage-optimization", "maintenance", "starting",
      "moving-to-vpc", "converting-to-vpc", "storage-config-upgrade");
  static final String AVAILABLE = "available";
  static final String DELETING = "deleting";

  private final StepContext ctx;
  private final RdsClient rds;

  Instances(StepContext ctx, RdsClient rds) {
    this.ctx = ctx;
    this.rds = rds;
  }

  RdsClient client() {
    return rds;
  }

  Optional<DBInstance> describe(String identifier) {
    try {
      List<DBInstance> found = rds.describeDBInstances(b -> b.dbInstanceIdentifier(identifier)).dbInstances();
      return found.stream().filter(i -> identifier.equals(i.dbInstanceIdentifier())).findFirst();
    } catch (RdsException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The instance once it is {@code available}: at once when it is, after the waiter when it is
   * getting there on its own; a StepException naming the state otherwise.
   */
  DBInstance settle(String label, DBInstance live) {
    String status = live.dbInstanceStatus();
    if (AVAILABLE.equals(status)) {
      return live;
    }
    if (TRANSITIONAL.contains(status)) {
      return waitAvailable(label, live.dbInstanceIdentifier());
    }
    throw new StepException(label + " is " + status + ", which " + RdsStep.ID + " does not change on its own; bring it "
        + "back to available (start it, fix its storage or parameters) and run the same command again");
  }

  DBInstance waitAvailable(String label, String identifier) {
    WaiterResponse<DescribeDbInstancesResponse> response;
    try {
      response = rds.waiter().waitUntilDBInstanceAvailable(b -> b.dbInstanceIdentifier(identifier), this::bounded);
    } catch (SdkClientException e) {
      throw new StepException("gave up waiting for " + label + " to become available after "
          + ctx.waits().resourceReady() + " (" + e.getMessage() + "); it may still finish: run the same command "
          + "again to pick it up, or raise execution.resourceReadySeconds", e);
    }
    return response.matched().response().flatMap(r -> r.dbInstances().stream().findFirst())
        .or(() -> describe(identifier))
        .orElseThrow(() -> new StepException(label + " disappeared while waiting for it to become available"));
  }

  void waitDeleted(String label, String identifier) {
    try {
      rds.waiter().waitUntilDBInstanceDeleted(b -> b.dbInstanceIdentifier(identifier), this::bounded);
    } catch (SdkClientException e) {
      throw new StepException("gave up waiting for " + label + " to be deleted after " + ctx.waits().resourceReady()
          + " (" + e.getMessage() + "); run the same command again to pick it up", e);
    }
  }

  /** Applies a modification and waits until the instance is available again. */
  DBInstance modify(String label, ModifyDbInstanceRequest request) {
    rds.modifyDBInstance(request);
    return waitAvailable(label, request.dbInstanceIdentifier());
  }

  private void bounded(WaiterOverrideConfiguration.Builder b) {
    b.waitTimeout(ctx.waits().resourceReady()).maxAttempts(100_000);
  }
}
