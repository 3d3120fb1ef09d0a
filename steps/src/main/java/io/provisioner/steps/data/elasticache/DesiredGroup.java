package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.network.securitygroups.SecurityGroupsOutputs;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.Objects;

/**
 * The replication group as the spec and the upstream outputs describe it, with its deterministic
 * names: the group id ({@link ElastiCacheSpec#replicationGroupId()} or {@code
 * <project>-<env>-redis}) and the subnet group {@code <project>-<env>-redis}.
 */
record DesiredGroup(ElastiCacheSpec spec, String id, String subnetGroupName, String kmsKeyArn,
    String securityGroupId) {

  DesiredGroup {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subnetGroupName, "subnetGroupName");
  }

  /** The group of {@code spec} in the context's environment; reads the upstream outputs. */
  static DesiredGroup of(StepContext ctx, ElastiCacheSpec spec) {
    return new DesiredGroup(spec, groupId(ctx, spec), subnetGroupName(ctx), ctx.read(KmsStep.OUTPUTS).keyArn(),
        ctx.read(SecurityGroupsStep.OUTPUTS).group(SecurityGroupsOutputs.REDIS));
  }

  /** The group id: the spec's, or {@code <project>-<env>-redis} checked against ElastiCache's rules. */
  static String groupId(StepContext ctx, ElastiCacheSpec spec) {
    if (spec.replicationGroupId() != null) {
      return spec.replicationGroupId();
    }
    String derived = subnetGroupName(ctx);
    ElastiCacheSpec.idProblem(derived).ifPresent(problem -> {
      throw new StepException("replicationGroupId: the derived id " + problem
          + "; set data.elasticache.replicationGroupId in the profile (1-40 characters)");
    });
    return derived;
  }

  /** The cache subnet group's name, {@code <project>-<env>-redis}. */
  static String subnetGroupName(StepContext ctx) {
    return ctx.project() + "-" + ctx.env() + "-redis";
  }

  static String subnetGroupDescription(StepContext ctx) {
    return ctx.project() + " " + ctx.env() + ": Redis in the data subnets";
  }
}
