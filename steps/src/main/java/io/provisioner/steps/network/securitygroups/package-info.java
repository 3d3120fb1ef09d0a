/**
 * Step {@code network.security-groups}: the ALB, ECS, RDS, Redis and VPC-endpoint security groups,
 * each rule a separate resource referencing groups instead of CIDRs where it can, and a stripped
 * default group. {@link io.provisioner.steps.network.securitygroups.SecurityGroupsStep} and {@link
 * io.provisioner.steps.network.securitygroups.SecurityGroupsSpec} are the public face; the rest is
 * package-private.
 */
package io.provisioner.steps.network.securitygroups;
