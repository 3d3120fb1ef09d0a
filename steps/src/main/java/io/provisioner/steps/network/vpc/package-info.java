/**
 * Step {@code network.vpc}: the environment's VPC (seed 000 §VPC, seed 004 "VPC Design:
 * Production-Grade Subnets"): public, app, data and management subnets in every availability zone,
 * an internet gateway, NAT gateways (one per AZ, or one for the environment), route tables per tier,
 * network ACLs per tier and flow logs to CloudWatch Logs. {@link
 * io.provisioner.steps.network.vpc.VpcStep}, {@link io.provisioner.steps.network.vpc.VpcSpec} and
 * {@link io.provisioner.steps.network.vpc.SubnetPlanner} are the public face; one package-private
 * class per resource kind does the work.
 */
package io.provisioner.steps.network.vpc;
