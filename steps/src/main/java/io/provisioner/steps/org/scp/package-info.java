/**
 * Step {@code org.scp}: service control policies from {@code src/policies/scp/}, rendered for the
 * environment ({@link io.provisioner.steps.org.scp.ScpRenderer}) and attached to OUs. {@link
 * io.provisioner.steps.org.scp.ScpStep} and {@link io.provisioner.steps.org.scp.ScpSpec} are the
 * public face.
 */
package io.provisioner.steps.org.scp;
