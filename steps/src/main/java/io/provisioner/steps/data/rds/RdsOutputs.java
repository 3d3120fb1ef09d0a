package io.provisioner.steps.data.rds;

import java.util.Map;

/**
 * What {@code data.rds} publishes, for the steps that watch or copy the database (alarms, DR).
 *
 * @param identifier the primary's DB instance identifier
 * @param arn the primary's ARN
 * @param endpointAddress the primary's DNS name
 * @param endpointPort the primary's port
 * @param masterSecretArn the ARN of the RDS-managed secret holding the master password (never a value)
 * @param replicas AZ to the identifier of the read replica there
 */
public record RdsOutputs(String identifier, String arn, String endpointAddress, int endpointPort,
    String masterSecretArn, Map<String, String> replicas) {
  public RdsOutputs {
    replicas = Map.copyOf(replicas);
  }
}
