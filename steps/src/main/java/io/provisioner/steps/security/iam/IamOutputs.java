package io.provisioner.steps.security.iam;

import io.provisioner.steps.StepException;
import io.provisioner.steps.support.CheckpointKeys;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  static IamOutputs of(Map<String, String> checkpoints) {
    Map<String, String> roles = new TreeMap<>();
    CheckpointKeys.withPrefix(checkpoints, "role.").forEach((key, arn) -> {
      if (key.endsWith(".arn")) {
        roles.put(key.substring(0, key.length() - ".arn".length()), arn);
      }
    });
    String profile = CheckpointKeys.withPrefix(checkpoints, "instance-profile.").entrySet().stream()
        .filter(e -> e.getKey().endsWith(".arn")).map(Map.Entry::getValue).findFirst().orElse(null);
    return new IamOutputs(roles, profile);
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
