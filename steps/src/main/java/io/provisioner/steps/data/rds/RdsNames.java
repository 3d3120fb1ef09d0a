package io.provisioner.steps.data.rds;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Every name this step gives, derived from the spec alone so that a resumed run finds what a
 * crashed one made, and the checkpoint names environments built before the kernel already use.
 */
final class RdsNames {
  static final String REPLICA_PREFIX = "replica.";
  static final String IDENTIFIER = ".identifier";

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

  /** A replica's identifier, keyed by its AZ: {@code <identifier>-replica-<az>}. */
  static String replicaIdentifier(String identifier, String availabilityZone) {
    return identifier + "-replica-" + availabilityZone;
  }

  /** The final snapshot a rollback takes: {@code <identifier>-final-<UTC yyyyMMddHHmmss>}. */
  static String finalSnapshot(String identifier, Instant now) {
    return identifier + "-final-" + SNAPSHOT_TIME.format(now);
  }

  /** A replica's checkpoint, e.g. {@code replica.us-east-1b.arn}. */
  static String replicaKey(String availabilityZone, String name) {
    return REPLICA_PREFIX + availabilityZone + "." + name;
  }
}
