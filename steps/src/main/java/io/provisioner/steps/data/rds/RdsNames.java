package io.provisioner.steps.data.rds;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Every name this step gives, derived from the spec alone, so a resumed run finds what a crashed one
 * made; and every checkpoint key it records.
 */
final class RdsNames {
  /** Checkpoint keys; all but the intents are outputs of the step. */
  static final String INSTANCE_IDENTIFIER = "instance.identifier";
  static final String INSTANCE_ARN = "instance.arn";
  static final String ENDPOINT_ADDRESS = "endpoint.address";
  static final String ENDPOINT_PORT = "endpoint.port";
  static final String MASTER_SECRET_ARN = "masterSecretArn";
  static final String SUBNET_GROUP = "subnetGroup.name";
  static final String PARAMETER_GROUP = "parameterGroup.name";
  static final String OPTION_GROUP = "optionGroup.name";
  static final String REPLICA_PREFIX = "replica.";
  /** Intent key of the primary's CreateDBInstance. */
  static final String INSTANCE_INTENT = "instance";

  private static final DateTimeFormatter SNAPSHOT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private RdsNames() {}

  static String subnetGroup(String identifier) {
    return identifier + "-subnets";
  }

  static String parameterGroup(String identifier, String majorVersion) {
    return identifier + "-pg" + majorVersion;
  }

  static String optionGroup(String identifier, String majorVersion) {
    return identifier + "-og" + majorVersion;
  }

  /** The engine's own option group, which an instance without one of ours belongs to. */
  static String defaultOptionGroup(String majorVersion) {
    return "default:postgres-" + majorVersion;
  }

  /** A replica's identifier, keyed by its AZ: {@code <identifier>-replica-<az>}. */
  static String replicaIdentifier(String identifier, String availabilityZone) {
    return identifier + "-replica-" + availabilityZone;
  }

  /** The final snapshot a rollback takes: {@code <identifier>-final-<UTC yyyyMMddHHmmss>}. */
  static String finalSnapshot(String identifier, Instant now) {
    return identifier + "-final-" + SNAPSHOT_TIME.format(now);
  }

  static String replicaKey(String availabilityZone, String name) {
    return REPLICA_PREFIX + availabilityZone + "." + name;
  }

  /** Intent key of a replica's CreateDBInstanceReadReplica. */
  static String replicaIntent(String availabilityZone) {
    return REPLICA_PREFIX + availabilityZone;
  }

  /** Tag key ({@code provisioner:key}) of the primary, a replica and the groups. */
  static String replicaTagKey(String availabilityZone) {
    return "replica-" + availabilityZone;
  }
}
