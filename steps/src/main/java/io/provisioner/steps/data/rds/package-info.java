/**
 * Step {@code data.rds}: the environment's PostgreSQL database — DB subnet, parameter and option
 * groups, the Multi-AZ primary encrypted with the environment's key and its read replicas. {@link
 * io.provisioner.steps.data.rds.RdsStep} and {@link io.provisioner.steps.data.rds.RdsSpec} are the
 * public face; the rest is package-private.
 */
package io.provisioner.steps.data.rds;
