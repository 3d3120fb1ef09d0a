/**
 * The hardened state backend (seed 000 "State"): a customer managed KMS key of its own, the state
 * table encrypted with it (point-in-time recovery, deletion protection), and a versioned, encrypted,
 * private S3 bucket where each run's record is exported as JSON when the run ends. It is bootstrapped
 * by the first {@code up} before any step runs, because every step's progress is written to it.
 */
package io.provisioner.state.backend;
