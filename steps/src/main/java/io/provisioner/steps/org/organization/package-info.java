/**
 * Step {@code org.organization}: the organization, its OU tree, member accounts and trusted service
 * access (seed 004). {@link io.provisioner.steps.org.organization.OrganizationStep} and {@link
 * io.provisioner.steps.org.organization.OrganizationSpec} are the public face; the rest is
 * package-private.
 */
package io.provisioner.steps.org.organization;
