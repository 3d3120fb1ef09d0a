package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.spec.SpecCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The environment's Redis cache (seed 000 §ElastiCache Redis, seed 004 Multi-AZ): one replication
 * group with cluster mode disabled (a primary and its read replicas, one per AZ), encrypted at rest
 * with the environment's KMS key and in transit with TLS, protected by an AUTH token. Encryption
 * and the AUTH token are not optional, so they have no field here.
 *
 * @param replicationGroupId the group's id; {@code null} derives {@code <project>-<env>-redis}.
 *     1-40 lowercase letters, digits or hyphens, starting with a letter, no two hyphens in a row,
 *     not ending with one (the derived id is checked against the same rules when the step runs)
 * @param description the group's description
 * @param engineVersion the Redis engine version, e.g. {@code 7.1} (6 or later); ElastiCache can
 *     upgrade in place but never downgrade
 * @param nodeType the node type of every node, e.g. {@code cache.r6g.large}
 * @param replicasPerNodeGroup read replicas beside the primary, 0-5; {@code 2} gives three nodes
 * @param availabilityZones where the nodes go, primary first, one distinct AZ per node (so exactly
 *     {@code replicasPerNodeGroup + 1} entries); each needs a data subnet of {@code network.vpc}
 * @param port the port Redis listens on; {@code null} means 6379. It must match the port the
 *     {@code sg.redis} security group opens
 * @param snapshotRetentionDays days automatic snapshots are kept, 0-35; 0 turns them off (and
 *     rollback then takes no final snapshot)
 * @param snapshotWindow daily UTC window of the automatic snapshot, {@code hh24:mi-hh24:mi}, at
 *     least 60 minutes, e.g. {@code 03:00-04:00}
 * @param maintenanceWindow weekly UTC maintenance window, {@code ddd:hh24:mi-ddd:hh24:mi} with
 *     lowercase days, at least 60 minutes, not overlapping the snapshot window, e.g. {@code
 *     sun:05:00-sun:06:00}
 * @param parameterGroupName the cache parameter group; {@code null} means the default of the
 *     engine's family ({@code default.redis7}, {@code default.redis6.x}); must not enable cluster mode
 * @param automaticFailover promote a replica when the primary fails; needs at least one replica
 * @param multiAz Multi-AZ (seed 004): replicas in other AZs take over on an AZ failure; needs
 *     {@code automaticFailover}
 */
public record ElastiCacheSpec(
    String replicationGroupId,
    String description,
    String engineVersion,
    String nodeType,
    int replicasPerNodeGroup,
    List<String> availabilityZones,
    Integer port,
    int snapshotRetentionDays,
    String snapshotWindow,
    String maintenanceWindow,
    String parameterGroupName,
    boolean automaticFailover,
    boolean multiAz) {

  public static final int DEFAULT_PORT = 6379;
  static final int MAX_ID_LENGTH = 40;

  public ElastiCacheSpec {
    availabilityZones = availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
    port = port == null ? DEFAULT_PORT : port;
    Optional<EngineVersion> version = EngineVersion.parse(engineVersion);
    if (parameterGroupName == null && version.isPresent()) {
      parameterGroupName = version.get().defaultParameterGroup();
    }
    List<String> azs = availabilityZones;
    Optional<Windows.Span> snapshot = Windows.snapshot(snapshotWindow);
    Optional<Windows.Span> maintenance = Windows.maintenance(maintenanceWindow);
    SpecCheck check = SpecCheck.of()
        .require(replicationGroupId == null || idProblem(replicationGroupId).isEmpty(), "replicationGroupId",
            idProblem(replicationGroupId).orElse("") + "; or leave it out to use <project>-<env>-redis")
        .notBlank(description, "description")
        .require(version.isPresent(), "engineVersion", "must look like 7.1 (major.minor), 7.1.0 or 6.x")
        .require(version.isEmpty() || version.get().major() >= 6, "engineVersion",
            "must be 6 or later (encryption, AUTH and Multi-AZ as configured here need a current engine)")
        .require(nodeType != null && nodeType.matches("cache\\.[a-z0-9]+\\.[a-z0-9]+"), "nodeType",
            "must be an ElastiCache node type like cache.r6g.large")
        .range(replicasPerNodeGroup, 0, 5, "replicasPerNodeGroup")
        .require(azs.size() == replicasPerNodeGroup + 1, "availabilityZones",
            "lists " + azs.size() + " AZs but the group has " + (replicasPerNodeGroup + 1)
                + " nodes (replicasPerNodeGroup + 1); give one AZ per node, primary first")
        .require(new HashSet<>(azs).size() == azs.size(), "availabilityZones",
            "lists an AZ twice; each node goes to a distinct AZ")
        .require(azs.stream().allMatch(az -> az != null && az.matches("[a-z0-9-]+[0-9][a-z]")), "availabilityZones",
            "each entry must be an AZ name like us-east-1a")
        .range(port, 1, 65535, "port")
        .range(snapshotRetentionDays, 0, 35, "snapshotRetentionDays")
        .require(snapshot.isPresent(), "snapshotWindow", "must be hh24:mi-hh24:mi in UTC, e.g. 03:00-04:00")
        .require(snapshot.isEmpty() || snapshot.get().length() >= Windows.MINIMUM_MINUTES, "snapshotWindow",
            "must be at least 60 minutes long")
        .require(maintenance.isPresent(), "maintenanceWindow",
            "must be ddd:hh24:mi-ddd:hh24:mi in UTC with lowercase days, e.g. sun:05:00-sun:06:00")
        .require(maintenance.isEmpty() || maintenance.get().length() >= Windows.MINIMUM_MINUTES, "maintenanceWindow",
            "must be at least 60 minutes long")
        .require(snapshot.isEmpty() || maintenance.isEmpty() || !snapshot.get().overlaps(maintenance.get()),
            "maintenanceWindow", "overlaps the daily snapshotWindow " + snapshotWindow + "; move one of them")
        .require(parameterGroupName == null || !parameterGroupName.isBlank(), "parameterGroupName",
            "must not be blank; leave it out to use the default of the engine's family")
        .require(parameterGroupName == null || !parameterGroupName.endsWith(".cluster.on"), "parameterGroupName",
            "enables cluster mode, which this group does not use; use " + version.map(
                EngineVersion::defaultParameterGroup).orElse("default.redis7") + " or a group without cluster-enabled")
        .require(!automaticFailover || replicasPerNodeGroup >= 1, "automaticFailover",
            "needs at least one replica to fail over to; set replicasPerNodeGroup to 1 or more")
        .require(!multiAz || automaticFailover, "multiAz", "needs automaticFailover: true");
    if (parameterGroupName != null && version.isPresent() && parameterGroupName.startsWith("default.redis")) {
      String family = version.get().defaultParameterGroup();
      check.require(parameterGroupName.equals(family), "parameterGroupName",
          parameterGroupName + " is not of the engine's family; engineVersion " + engineVersion + " uses " + family);
    }
    check.done();
  }

  /** Why {@code id} is not a valid replication group id, or empty when it is valid. */
  static Optional<String> idProblem(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return Optional.of("must be 1-" + MAX_ID_LENGTH + " characters"
          + (id == null ? "" : " ('" + id + "' has " + id.length() + ")"));
    }
    if (!id.matches("[a-z][a-z0-9-]*")) {
      return Optional.of("'" + id + "' must be lowercase letters, digits or hyphens, starting with a letter");
    }
    if (id.contains("--") || id.endsWith("-")) {
      return Optional.of("'" + id + "' must not contain two hyphens in a row or end with a hyphen");
    }
    return Optional.empty();
  }
}
