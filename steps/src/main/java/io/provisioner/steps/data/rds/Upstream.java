package io.provisioner.steps.data.rds;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.network.securitygroups.SecurityGroupsOutputs;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What this step reads of the steps before it: the KMS key, the enhanced-monitoring role (only
 * when monitoring is on), the data subnets by AZ and the database security group.
 *
 * @param monitoringRoleArn null when enhanced monitoring is off
 */
record Upstream(String keyArn, String monitoringRoleArn, SortedMap<String, String> dataSubnets, String securityGroupId) {
  /** The role of {@code security.iam.roles} that enhanced monitoring uses. */
  static final String MONITORING_ROLE = "rds-monitoring";

  Upstream {
    dataSubnets = new TreeMap<>(dataSubnets);
  }

  static List<OutputRef<?>> references(RdsSpec spec) {
    List<OutputRef<?>> refs = new ArrayList<>(List.of(KmsStep.OUTPUTS, VpcStep.OUTPUTS, SecurityGroupsStep.OUTPUTS));
    if (spec.monitoringIntervalSeconds() > 0) {
      refs.add(IamStep.OUTPUTS);
    }
    return List.copyOf(refs);
  }

  /** Read at the first use, once: a rollback, which creates and compares nothing, reads nothing. */
  static Supplier<Upstream> lazy(StepContext ctx, RdsSpec spec) {
    Upstream[] value = new Upstream[1];
    return () -> value[0] == null ? (value[0] = read(ctx, spec)) : value[0];
  }

  static Upstream read(StepContext ctx, RdsSpec spec) {
    SortedMap<String, String> subnets = ctx.read(VpcStep.OUTPUTS).subnets("data");
    if (subnets.size() < 2) {
      throw new StepException(RdsStep.ID + " needs data subnets in at least two AZs, but " + VpcStep.ID
          + " published " + subnets.keySet() + "; run 'up' so it completes with two or more AZs");
    }
    return new Upstream(ctx.read(KmsStep.OUTPUTS).keyArn(),
        spec.monitoringIntervalSeconds() > 0 ? ctx.read(IamStep.OUTPUTS).roleArn(MONITORING_ROLE) : null,
        subnets, ctx.read(SecurityGroupsStep.OUTPUTS).group(SecurityGroupsOutputs.RDS));
  }

  /** True when {@code actual} names this key: its ARN, or its key id (which some fields hold). */
  boolean isKey(String actual) {
    return actual != null && (actual.equals(keyArn) || keyArn.endsWith("/" + actual));
  }
}
