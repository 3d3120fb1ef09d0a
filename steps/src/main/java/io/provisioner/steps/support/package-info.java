/**
 * Helpers shared by the step packages: AWS error classification, idempotency tokens, API call
 * counting and spec validation. Nothing here knows a particular step.
 */
package io.provisioner.steps.support;
