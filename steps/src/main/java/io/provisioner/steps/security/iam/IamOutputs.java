package io.provisioner.steps.security.iam;

import io.provisioner.steps.StepException;
import java.util.List;
import java.util.Map;

/**
 * What {@code security.iam} publishes.
 *
 * @param roleArns logical role name (as in {@code security.iam.roles}) to the role's ARN
 * @param instanceProfileArn the EC2 instance profile's ARN, null when the spec has none
 */
public record IamOutputs(Map<String, String> roleArns, String instanceProfileArn) {
  public IamOutputs {
    roleArns = Map.copyOf(roleArns);
  }

  /** The ARN of a role of {@code security.iam.roles}, by its logical name. */
  public String roleArn(String logicalName) {
    String arn = roleArns.get(logicalName);
    if (arn == null) {
      throw new StepException("security.iam has published no role " + logicalName + "; it has " + roleArns.keySet()
          + ": add the role to security.iam.roles and run up");
    }
    return arn;
  }

  public List<String> roleArns(List<String> logicalNames) {
    return logicalNames.stream().map(this::roleArn).toList();
  }
}
