/**
 * Step {@code org.controltower}: Control Tower controls (guardrails) enabled on the organization's
 * OUs. {@link io.provisioner.steps.org.controltower.ControlTowerStep} and {@link
 * io.provisioner.steps.org.controltower.ControlTowerSpec} are the public face.
 */
package io.provisioner.steps.org.controltower;
