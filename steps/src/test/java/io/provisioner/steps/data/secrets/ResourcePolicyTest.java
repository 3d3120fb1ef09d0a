package io.provisioner.steps.data.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioner.steps.support.PolicyJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcePolicyTest {

  private static final List<String> READERS = List.of(
      "arn:aws:iam::111122223333:role/provisioner/provisioner-prod-ecs-task",
      "arn:aws:iam::111122223333:role/provisioner/provisioner-prod-ecs-task-execution");

  @Test
  void callerPatterns_ofAnAssumedRole_nameTheRoleWithAndWithoutAPath() {
    assertThat(ResourcePolicy.callerPatterns(
        "arn:aws:sts::111122223333:assumed-role/OrganizationAccountAccessRole/provisioner-1700000000"))
        .containsExactly("arn:aws:iam::111122223333:role/OrganizationAccountAccessRole",
            "arn:aws:iam::111122223333:role/*/OrganizationAccountAccessRole");
  }

  @Test
  void callerPatterns_keepThePartition() {
    assertThat(ResourcePolicy.callerPatterns("arn:aws-us-gov:sts::111122223333:assumed-role/Deployer/s"))
        .containsExactly("arn:aws-us-gov:iam::111122223333:role/Deployer",
            "arn:aws-us-gov:iam::111122223333:role/*/Deployer");
  }

  @Test
  void callerPatterns_ofUsersAndRoot_areTheArnAsItIs() {
    assertThat(ResourcePolicy.callerPatterns("arn:aws:iam::111122223333:user/ci/deployer"))
        .containsExactly("arn:aws:iam::111122223333:user/ci/deployer");
    assertThat(ResourcePolicy.callerPatterns("arn:aws:iam::111122223333:root"))
        .containsExactly("arn:aws:iam::111122223333:root");
    assertThat(ResourcePolicy.callerPatterns("arn:aws:sts::111122223333:federated-user/bob"))
        .containsExactly("arn:aws:sts::111122223333:federated-user/bob");
  }

  @Test
  void document_deniesReadingToAllButTheListedAndEverythingWithoutTls() {
    JsonNode policy = PolicyJson.parse(ResourcePolicy.document(READERS));
    List<JsonNode> statements = new ArrayList<>();
    policy.path("Statement").forEach(statements::add);

    assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(statements).extracting(s -> s.path("Effect").asText()).containsOnly("Deny");
    JsonNode read = statements.get(0);
    assertThat(read.path("Sid").asText()).isEqualTo(ResourcePolicy.READ_SID);
    assertThat(read.path("Principal").asText()).isEqualTo("*");
    assertThat(read.path("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
    assertThat(read.path("Condition").path("ArnNotLike").path("aws:PrincipalArn"))
        .extracting(JsonNode::asText).containsExactlyElementsOf(READERS.stream().sorted().toList());
    JsonNode tls = statements.get(1);
    assertThat(tls.path("Sid").asText()).isEqualTo(ResourcePolicy.TLS_SID);
    assertThat(tls.path("Action").asText()).isEqualTo("secretsmanager:*");
    assertThat(tls.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
  }

  @Test
  void document_isTheSameWhateverTheOrderOrRepetitionOfPrincipals() {
    List<String> shuffled = new ArrayList<>(READERS);
    java.util.Collections.reverse(shuffled);
    shuffled.add(READERS.get(0));

    assertThat(ResourcePolicy.document(shuffled)).isEqualTo(ResourcePolicy.document(READERS));
  }

  @Test
  void document_withAnotherReader_isADifferentPolicy() {
    List<String> more = new ArrayList<>(READERS);
    more.add("arn:aws:iam::111122223333:role/provisioner/provisioner-prod-lambda-execution");

    assertThat(PolicyJson.same(ResourcePolicy.document(more), ResourcePolicy.document(READERS))).isFalse();
  }
}
