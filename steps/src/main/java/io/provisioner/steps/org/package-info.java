/**
 * The landing-zone steps of seed 004 ("The Foundation: Multi-Account Strategy"): {@code
 * org.organization} (organization, OUs, member accounts, trusted access), {@code org.scp} (service
 * control policies on OUs) and {@code org.controltower} (Control Tower controls on OUs), one
 * sub-package each. This package holds only what they share.
 */
package io.provisioner.steps.org;
