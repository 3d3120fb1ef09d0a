package io.provisioner.steps.data.secrets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioner.steps.support.PolicyJson;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The resource policy of each secret: two deny statements, so it never grants anything and passes
 * {@code BlockPublicPolicy}. What may be done with the secret is still granted by IAM policies;
 * this policy only caps them:
 *
 * <ul>
 *   <li>{@value #READ_SID}: {@code secretsmanager:GetSecretValue} is denied to every principal whose
 *       {@code aws:PrincipalArn} is not one of the listed ones (the reader roles, the rotation role,
 *       the provisioner itself), also to administrators of the account. Only reading the value is
 *       denied: describing the secret reveals no value and stays with IAM.
 *   <li>{@value #TLS_SID}: every Secrets Manager action over plain HTTP is denied.
 * </ul>
 *
 * <p>The provisioner's own identity is allowed because {@code data.elasticache} reads the cache
 * token while creating the replication group. When it works through an assumed role, STS names the
 * session ({@code arn:aws:sts::<account>:assumed-role/<role>/<session>}), while {@code
 * aws:PrincipalArn} is the role's ARN, path included ({@code arn:aws:iam::<account>:role/<path><role>}),
 * and the path cannot be read from the session ARN. The policy therefore names the role as {@code
 * role/<role>} and <code>role/&#42;/&lt;role&gt;</code> under {@code ArnNotLike}: a role name is
 * unique in its account whatever its path, so the two patterns match exactly that role and need
 * neither an {@code iam:GetRole} call nor its permission. (<code>role/&#42;&lt;role&gt;</code> alone would be wrong:
 * it also matches a role named {@code x<role>}.) Any other identity (a user, the root) is named as
 * STS reports it.
 */
final class ResourcePolicy {
  static final String READ_SID = "DenyReadingExceptListedPrincipals";
  static final String TLS_SID = "DenyWithoutTls";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResourcePolicy() {}

  /**
   * The policy text.
   *
   * @param allowedPrincipals ARNs or ARN patterns that may still read the secret's value
   */
  static String document(Collection<String> allowedPrincipals) {
    ObjectNode doc = NODES.objectNode();
    doc.put("Version", "2012-10-17");
    ArrayNode statements = doc.putArray("Statement");

    ObjectNode read = statements.addObject();
    read.put("Sid", READ_SID);
    read.put("Effect", "Deny");
    read.put("Principal", "*");
    read.put("Action", "secretsmanager:GetSecretValue");
    read.put("Resource", "*");
    ArrayNode arns = read.putObject("Condition").putObject("ArnNotLike").putArray("aws:PrincipalArn");
    new TreeSet<>(allowedPrincipals).forEach(arns::add);

    ObjectNode tls = statements.addObject();
    tls.put("Sid", TLS_SID);
    tls.put("Effect", "Deny");
    tls.put("Principal", "*");
    tls.put("Action", "secretsmanager:*");
    tls.put("Resource", "*");
    tls.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
    return PolicyJson.write(doc);
  }

  /**
   * How the caller STS reports ({@code GetCallerIdentity}) appears as {@code aws:PrincipalArn}: an
   * assumed-role session becomes its role, with any path; anything else stays as it is.
   */
  static List<String> callerPatterns(String callerArn) {
    String[] parts = callerArn.split(":", 6);
    if (parts.length == 6 && parts[0].equals("arn") && parts[2].equals("sts")
        && parts[5].startsWith("assumed-role/")) {
      String[] resource = parts[5].split("/");
      if (resource.length >= 2 && !resource[1].isEmpty()) {
        String prefix = "arn:" + parts[1] + ":iam::" + parts[4] + ":role/";
        return List.of(prefix + resource[1], prefix + "*/" + resource[1]);
      }
    }
    return List.of(callerArn);
  }
}
