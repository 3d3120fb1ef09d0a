/**
 * Step {@code data.rds} on the resource kernel: the environment's PostgreSQL database as resources
 * (DB subnet, parameter and option groups, the Multi-AZ primary encrypted with the environment's key,
 * its read replicas by AZ). {@link io.provisioner.steps.data.rds.RdsStep}, {@link
 * io.provisioner.steps.data.rds.RdsSpec} and {@link io.provisioner.steps.data.rds.RdsOutputs} are
 * the public face; the rest is package-private.
 */
package io.provisioner.steps.data.rds;
