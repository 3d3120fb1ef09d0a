package io.provisioner.steps.data.secrets;

import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What this step reads from the steps it depends on, and who runs it. Read lazily, so a step whose
 * secrets do not exist yet can be verified (as missing) before its dependencies ran.
 */
final class Upstream {
  static final String KMS_STEP = "security.kms";
  static final String IAM_STEP = "security.iam";
  static final String VPC_STEP = "network.vpc";
  static final String SG_STEP = "network.security-groups";
  static final String SECURITY_GROUP = "sg.ecs";

  private final StepContext ctx;
  private String callerArn;

  Upstream(StepContext ctx) {
    this.ctx = ctx;
  }

  /** The environment's KMS key the secrets are encrypted with. */
  String keyArn() {
    return ctx.outputsOf(KMS_STEP).require("keyArn");
  }

  /** The ARN of a logical role of {@code security.iam}. */
  String roleArn(String logicalRole) {
    return ctx.outputsOf(IAM_STEP).require("role." + logicalRole + ".arn");
  }

  List<String> roleArns(List<String> logicalRoles) {
    return logicalRoles.stream().map(this::roleArn).toList();
  }

  /** The subnets of a tier, one per AZ, in AZ order. */
  List<String> subnets(String tier) {
    String prefix = "subnet." + tier + ".";
    Map<String, String> byAz = VpcStep.subnetsByAz(ctx.outputsOf(VPC_STEP), tier);
    if (byAz.isEmpty()) {
      throw new StepException("step " + VPC_STEP + " recorded no subnets of tier '" + tier + "' (outputs "
          + prefix + "<az>); name an existing tier in rotation.function.subnetTier or run 'up' so " + VPC_STEP
          + " completes");
    }
    return new ArrayList<>(byAz.values());
  }

  /** The security group of the rotation function: the ECS tasks' group, which may reach the database. */
  String securityGroup() {
    return ctx.outputsOf(SG_STEP).require(SECURITY_GROUP);
  }

  /** The 12-digit account the step works in. */
  String accountId() {
    return ctx.clients().accountId(ctx.target());
  }

  /** The ARN of the identity this run works as in the step's account (STS GetCallerIdentity). */
  String callerArn() {
    if (callerArn == null) {
      callerArn = ctx.clients().get(StsClient.class).getCallerIdentity().arn();
    }
    return callerArn;
  }
}
