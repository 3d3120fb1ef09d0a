/**
 * Step {@code data.rds} on the resource kernel: the environment's PostgreSQL database as resources
 * (DB subnet, parameter and option groups, the Multi-AZ primary encrypted with the environment's key,
 * its read replicas by AZ). {@link io.provisioner.steps.data.rds.RdsStep}, {@link
 * io.provisioner.steps.data.rds.RdsSpec} and {@link io.provisioner.steps.data.rds.RdsOutputs} are
 * the public face; the rest is package-private.
 *
 * <h2>AWS rules this step relies on</h2>
 *
 * <ul>
 *   <li>A same-region read replica of PostgreSQL takes no DB parameter group: CreateDBInstanceReadReplica
 *       answers InvalidParameterCombination ("A parameter group can't be specified during Read Replica
 *       creation for the following DB engine: postgres"); the replica uses the source's group (API
 *       reference "CreateDBInstanceReadReplica", DBParameterGroupName). Test: {@code
 *       RdsStepWireMockTest.create_replica_sendsNoParameterGroup_andAdoptsTheSourcesOne}.
 *   <li>ModifyDBInstance is asynchronous: the instance may stay {@code available} with its old
 *       values, then show {@code modifying} and PendingModifiedValues, before the new values appear
 *       (RDS User Guide "Modifying an Amazon RDS DB instance"); the step waits for the new values,
 *       not for a status. Test: {@code
 *       RdsStepWireMockTest.create_whenPerformanceInsightsOff_modifiesOnce_andWaitsUntilTheNewValueIsObserved}.
 *   <li>RDS accepts one modification at a time and some attributes must travel together (a major
 *       version with its parameter group; a monitoring interval with its role), so the differing
 *       attributes go out in one ModifyDBInstance (API reference "ModifyDBInstance"). Test: {@code
 *       InstanceSettingsTest.primary_inPlaceDrift_isNamedAttributeByAttribute_andGoesIntoOneModification}.
 *   <li>Growing gp3/io1/io2 storage must state the Iops (API reference "ModifyDBInstance", Iops).
 *       Test: {@code InstanceSettingsTest.primary_storageBelowSpecOnGp3_growsWithTheCurrentIops}.
 *   <li>Storage encryption and its KMS key are fixed at creation (RDS User Guide "Encrypting Amazon
 *       RDS resources", limitations). Test: {@code
 *       InstanceSettingsTest.primary_unencryptedStorage_isFixed_andAKeyIdMatchesItsArn}.
 * </ul>
 */
package io.provisioner.steps.data.rds;
