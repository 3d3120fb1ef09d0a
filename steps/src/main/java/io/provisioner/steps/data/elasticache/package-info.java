/**
 * Step {@code data.elasticache}: the environment's Redis replication group and its cache subnet
 * group, on the resource kernel. {@link io.provisioner.steps.data.elasticache.ElastiCacheStep},
 * {@link io.provisioner.steps.data.elasticache.ElastiCacheSpec} and {@link
 * io.provisioner.steps.data.elasticache.ElastiCacheOutputs} are the public face; the rest is
 * package-private: {@code SubnetGroupResource} and {@code ReplicationGroupResource} (the two
 * resources), {@code GroupSettings} (every attribute of the group, compared in one place), {@code
 * DesiredGroup} (the group the spec and upstream outputs describe), {@code AuthToken} (the token,
 * kept out of every log, checkpoint and message), {@code Windows} and {@code EngineVersion} (spec
 * values).
 *
 * <h2>AWS rules this step relies on</h2>
 *
 * <ul>
 *   <li>At-rest and in-transit encryption, the AUTH token's presence and the port are set by
 *       CreateReplicationGroup and cannot be turned on later by this step's calls; a difference is
 *       fixed at creation (API reference "CreateReplicationGroup", AtRestEncryptionEnabled,
 *       TransitEncryptionEnabled, AuthToken). Test: {@code
 *       GroupSettingsTest.encryptionTokenAndPort_areFixedAtCreation_andConvergingChangesNothing}.
 *   <li>An AUTH token can be given only to a group with in-transit encryption (API reference
 *       "CreateReplicationGroup", AuthToken). Test: {@code
 *       ElastiCacheStepTest.create_whenTransitEncryptionIsOff_failsNamingIt_andChangesNothing}.
 *   <li>Multi-AZ needs automatic failover, and failover is changed together with Multi-AZ (API
 *       reference "ModifyReplicationGroup", MultiAZEnabled / AutomaticFailoverEnabled). Test: {@code
 *       GroupSettingsTest.everyInPlaceSetting_isOneModification_failoverAndMultiAzTogether}.
 *   <li>ModifyReplicationGroup is asynchronous; the group reports {@code modifying} and
 *       PendingModifiedValues before the new values (API reference "ModifyReplicationGroup",
 *       ApplyImmediately); the step waits for the new values. Test: {@code
 *       ElastiCacheStepTest.create_whenSnapshotRetentionDrifted_modifiesOnlyIt_inPlace_andWaitsUntilAvailable}.
 *   <li>An engine version is never downgraded in place (User Guide "Version management"). Test:
 *       {@code GroupSettingsTest.newerEngine_isNotDowngraded}.
 *   <li>A cache subnet group cannot be deleted while a group uses it (API reference
 *       "DeleteCacheSubnetGroup", CacheSubnetGroupInUse): rollback waits for the group to be gone.
 *       Test: {@code ElastiCacheStepTest.rollback_whenTheSubnetGroupIsStillInUse_retriesUntilItIsDeleted}.
 * </ul>
 */
package io.provisioner.steps.data.elasticache;
