package io.provisioner.steps.data.rds;

import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What this step reads from the steps it depends on: the KMS key ({@code security.kms keyArn}), the
 * enhanced-monitoring role ({@code security.iam role.rds-monitoring.arn}, only when monitoring is on),
 * the data subnets by AZ ({@code network.vpc subnet.data.<az>}) and the database security group
 * ({@code network.security-groups sg.rds}).
 *
 * @param monitoringRoleArn null when enhanced monitoring is off
 */
record Upstream(String keyArn, String monitoringRoleArn, SortedMap<String, String> dataSubnets, String securityGroupId) {
  static final String KMS = "security.kms";
  static final String IAM = "security.iam";
  static final String VPC = "network.vpc";
  static final String SECURITY_GROUPS = "network.security-groups";
  static final String DATA_SUBNET_PREFIX = "subnet.data.";

  Upstream {
    dataSubnets = new TreeMap<>(dataSubnets);
  }

  static Upstream of(StepContext ctx, RdsSpec spec) {
    String keyArn = ctx.outputsOf(KMS).require("keyArn");
    String roleArn = spec.monitoringIntervalSeconds() > 0
        ? ctx.outputsOf(IAM).require("role.rds-monitoring.arn") : null;
    SortedMap<String, String> subnets = VpcStep.subnetsByAz(ctx.outputsOf(VPC), "data");
    if (subnets.size() < 2) {
      throw new StepException("data.rds needs data subnets in at least two AZs, but " + VPC + " recorded "
          + subnets.size() + " (outputs " + DATA_SUBNET_PREFIX + "<az>); run 'up' so " + VPC
          + " completes with two or more AZs");
    }
    String sg = ctx.outputsOf(SECURITY_GROUPS).require("sg.rds");
    return new Upstream(keyArn, roleArn, subnets, sg);
  }
}
