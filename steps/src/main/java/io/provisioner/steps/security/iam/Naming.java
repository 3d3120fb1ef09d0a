package io.provisioner.steps.security.iam;

import io.provisioner.steps.StepException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Physical names, ARNs and policy placeholders of one environment: everything this step creates is
 * called {@code <project>-<env>-<name>} under the spec's path.
 */
record Naming(String project, String env, String account, String region, String path) {

  /** IAM's limit for role names, applied to every name this step makes. */
  static final int MAX_NAME_LENGTH = 64;

  Naming {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(path, "path");
  }

  /** {@code aws}, {@code aws-cn} or {@code aws-us-gov}, from the region code. */
  static String partitionOf(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    return "aws";
  }

  String partition() {
    return partitionOf(region);
  }

  /** {@code <project>-<env>-<logicalName>}, or a StepException when it exceeds IAM's 64 characters. */
  String physical(String logicalName) {
    String name = project + "-" + env + "-" + logicalName;
    if (name.length() > MAX_NAME_LENGTH) {
      throw new StepException("IAM name " + name + " is " + name.length() + " characters long, more than "
          + MAX_NAME_LENGTH + "; shorten the project, the env or the logical name '" + logicalName + "'");
    }
    return name;
  }

  /** The ARN of a customer managed policy of this account under the spec's path. */
  String policyArn(String physicalName) {
    return "arn:" + partition() + ":iam::" + account + ":policy" + path + physicalName;
  }

  /** The values of the placeholders a {@link io.provisioner.steps.support.PolicyDocument} may hold. */
  Map<String, String> placeholders() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("account", account);
    values.put("partition", partition());
    values.put("region", region);
    values.put("env", env);
    values.put("project", project);
    return values;
  }

  /** A text (e.g. a managed policy ARN) with its placeholders replaced. */
  String render(String text) {
    String rendered = text;
    for (Map.Entry<String, String> e : placeholders().entrySet()) {
      rendered = rendered.replace("${" + e.getKey() + "}", e.getValue());
    }
    return rendered;
  }
}
