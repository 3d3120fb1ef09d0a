package io.provisioner.steps.security.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The assume-role policy of a service role: the trusted service principals may call {@code
 * sts:AssumeRole}, and only on behalf of resources of this account ({@code aws:SourceAccount}, the
 * confused-deputy protection).
 */
final class TrustPolicy {
  private TrustPolicy() {}

  static String forServices(List<String> services, String account) {
    ObjectNode statement = PolicyJson.MAPPER.createObjectNode();
    statement.put("Sid", "TrustedServices");
    statement.put("Effect", "Allow");
    ArrayNode principals = statement.putObject("Principal").putArray("Service");
    services.stream().sorted().forEach(principals::add);
    statement.put("Action", "sts:AssumeRole");
    statement.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", account);

    ObjectNode document = PolicyJson.MAPPER.createObjectNode();
    document.put("Version", "2012-10-17");
    document.putArray("Statement").add(statement);
    return PolicyJson.write(document);
  }
}
