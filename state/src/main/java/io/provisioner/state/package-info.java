/**
 * The memory of provisioner: the {@link io.provisioner.state.StateStore} contract and its records.
 * Implementations live in {@code dynamodb} (the real one) and {@code memory} (for unit tests).
 */
package io.provisioner.state;
