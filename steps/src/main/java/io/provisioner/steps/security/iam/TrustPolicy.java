package io.provisioner.steps.security.iam;

import io.provisioner.steps.support.PolicyJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The assume-role policy of a service role: the trusted service principals may call {@code
 * sts:AssumeRole}. Where every trusted service is known to send {@code aws:SourceAccount} when it
 * assumes a role, the statement is limited to this account (confused-deputy protection); services
 * that do not send it (EC2 for instance profiles, Lambda, ...) would be locked out by the condition.
 */
final class TrustPolicy {
  /** Services documented to pass aws:SourceAccount when assuming a customer role. */
  static final java.util.Set<String> SEND_SOURCE_ACCOUNT = java.util.Set.of(
      "ecs-tasks.amazonaws.com", "vpc-flow-logs.amazonaws.com", "config.amazonaws.com");

  private TrustPolicy() {}

  static String forServices(List<String> services, String account) {
    ObjectNode statement = PolicyJson.MAPPER.createObjectNode();
    statement.put("Sid", "TrustedServices");
    statement.put("Effect", "Allow");
    ArrayNode principals = statement.putObject("Principal").putArray("Service");
    services.stream().sorted().forEach(principals::add);
    statement.put("Action", "sts:AssumeRole");
    if (SEND_SOURCE_ACCOUNT.containsAll(services)) {
      statement.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", account);
    }

    ObjectNode document = PolicyJson.MAPPER.createObjectNode();
    document.put("Version", "2012-10-17");
    document.putArray("Statement").add(statement);
    return PolicyJson.write(document);
  }
}
