package io.provisioner.steps.data.secrets;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.RoleRef;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.network.securitygroups.SecurityGroupsOutputs;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.List;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What this step reads of the steps before it, and who runs it, each on first use: a verify of
 * secrets that do not exist yet reads nothing upstream.
 */
final class Upstream {
  static final List<OutputRef<?>> REFERENCES =
      List.of(KmsStep.OUTPUTS, IamStep.OUTPUTS, VpcStep.OUTPUTS, SecurityGroupsStep.OUTPUTS);

  private final StepContext ctx;
  private String callerArn;

  Upstream(StepContext ctx) {
    this.ctx = ctx;
  }

  /** The environment's KMS key the secrets are encrypted with. */
  String keyArn() {
    return ctx.read(KmsStep.OUTPUTS).keyArn();
  }

  String roleArn(RoleRef role) {
    return ctx.read(IamStep.OUTPUTS).roleArn(role.name());
  }

  /** The subnets of a tier of {@code network.vpc}, one per AZ, in AZ order. */
  List<String> subnets(String tier) {
    return List.copyOf(ctx.read(VpcStep.OUTPUTS).subnets(tier).values());
  }

  /** The rotation function's security group: the ECS tasks' group, which may reach the database. */
  String securityGroup() {
    return ctx.read(SecurityGroupsStep.OUTPUTS).group(SecurityGroupsOutputs.ECS);
  }

  /** The 12-digit account the step works in. */
  String accountId() {
    return ctx.clients().accountId(ctx.target());
  }

  /** The ARN of the identity this run works as (STS GetCallerIdentity). */
  String callerArn() {
    if (callerArn == null) {
      callerArn = ctx.clients().get(StsClient.class).getCallerIdentity().arn();
    }
    return callerArn;
  }
}
