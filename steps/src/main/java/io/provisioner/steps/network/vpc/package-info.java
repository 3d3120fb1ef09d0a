/**
 * Step {@code network.vpc}: the environment's VPC (seed 000 §VPC, seed 004 "VPC Design:
 * Production-Grade Subnets"): public, app, data and management subnets in every availability zone,
 * an internet gateway, NAT gateways (one per AZ, or one for the environment), route tables per tier,
 * network ACLs per tier and flow logs to CloudWatch Logs. {@link
 * io.provisioner.steps.network.vpc.VpcStep}, {@link io.provisioner.steps.network.vpc.VpcSpec},
 * {@link io.provisioner.steps.network.vpc.VpcOutputs} and {@link
 * io.provisioner.steps.network.vpc.SubnetPlanner} are the public face. The step is written on the
 * resource kernel: one package-private {@code *Resource} class per kind of AWS object, on {@code
 * Ec2Resource} for the EC2 ones.
 */
package io.provisioner.steps.network.vpc;
