package io.provisioner.steps.storage.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioner.steps.support.PolicyJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepositoryPolicyTest {

  private static final String EXEC = "arn:aws:iam::123456789012:role/provisioner/provisioner-prod-ecs-task-execution";
  private static final String LAMBDA = "arn:aws:iam::123456789012:role/provisioner/provisioner-prod-lambda-execution";
  private static final String CI = "arn:aws:iam::123456789012:role/provisioner/provisioner-prod-ci";

  @Test
  void of_withoutPrincipals_isNoPolicy() {
    assertThat(RepositoryPolicy.of(List.of(), List.of(), false)).isEmpty();
  }

  @Test
  void of_withPullRoles_allowsThemToPullOnly() {
    JsonNode doc = RepositoryPolicy.of(List.of(EXEC, LAMBDA), List.of(), false).orElseThrow().document();

    assertThat(doc.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(doc.path("Statement")).hasSize(1);
    JsonNode pull = doc.path("Statement").get(0);
    assertThat(pull.path("Sid").asText()).isEqualTo("AllowPull");
    assertThat(pull.path("Effect").asText()).isEqualTo("Allow");
    assertThat(texts(pull.path("Principal").path("AWS"))).containsExactly(EXEC, LAMBDA);
    assertThat(texts(pull.path("Action"))).containsExactly(
        "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability");
    assertThat(pull.has("Resource")).isFalse();
  }

  @Test
  void of_withPushRole_allowsItToPushAndPull() {
    JsonNode doc = RepositoryPolicy.of(List.of(EXEC), List.of(CI), false).orElseThrow().document();

    JsonNode push = doc.path("Statement").get(1);
    assertThat(push.path("Sid").asText()).isEqualTo("AllowPush");
    assertThat(texts(push.path("Principal").path("AWS"))).containsExactly(CI);
    assertThat(texts(push.path("Action"))).containsExactlyInAnyOrder(
        "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability",
        "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage");
  }

  @Test
  void of_withLambdaServicePullOnly_hasTheStatementLambdaWouldAdd() {
    JsonNode doc = RepositoryPolicy.of(List.of(), List.of(), true).orElseThrow().document();

    JsonNode statement = doc.path("Statement").get(0);
    assertThat(statement.path("Sid").asText()).isEqualTo("LambdaECRImageRetrievalPolicy");
    assertThat(texts(statement.path("Principal").path("Service"))).containsExactly("lambda.amazonaws.com");
    assertThat(texts(statement.path("Action"))).containsExactly("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer");
  }

  @Test
  void differences_ignoreOrderFormattingAndSingleValuesWithoutArray() {
    RepositoryPolicy policy = RepositoryPolicy.of(List.of(EXEC, LAMBDA), List.of(CI), false).orElseThrow();
    String asEcrReturnsIt = """
        {
          "Version" : "2012-10-17",
          "Statement" : [ {
            "Sid" : "AllowPush",
            "Effect" : "Allow",
            "Principal" : { "AWS" : "%s" },
            "Action" : [ "ecr:PutImage", "ecr:CompleteLayerUpload", "ecr:UploadLayerPart", "ecr:InitiateLayerUpload",
                         "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage" ]
          }, {
            "Sid" : "AllowPull",
            "Effect" : "Allow",
            "Principal" : { "AWS" : [ "%s", "%s" ] },
            "Action" : [ "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer" ]
          } ]
        }""".formatted(CI, LAMBDA, EXEC);

    assertThat(policy.differences(asEcrReturnsIt)).isEmpty();
  }

  @Test
  void differences_whenMissing_saySo() {
    RepositoryPolicy policy = RepositoryPolicy.of(List.of(EXEC), List.of(), false).orElseThrow();

    assertThat(policy.differences(null)).containsExactly("repository policy is missing");
  }

  @Test
  void differences_whenAPrincipalWasAddedAndAStatementAppeared_nameBoth() {
    RepositoryPolicy policy = RepositoryPolicy.of(List.of(EXEC), List.of(), false).orElseThrow();
    String changed = RepositoryPolicy.of(List.of(EXEC, LAMBDA), List.of(CI), false).orElseThrow().json();

    List<String> differences = policy.differences(changed);

    assertThat(differences).hasSize(2);
    assertThat(differences.get(0)).startsWith("repository policy statement AllowPull differs").contains(LAMBDA);
    assertThat(differences.get(1)).isEqualTo("repository policy statement AllowPush is not in the spec");
  }

  @Test
  void differences_whenItsStatementIsGone_nameIt() {
    RepositoryPolicy policy = RepositoryPolicy.of(List.of(EXEC), List.of(), true).orElseThrow();
    String onlyLambda = RepositoryPolicy.of(List.of(), List.of(), true).orElseThrow().json();

    assertThat(policy.differences(onlyLambda)).containsExactly("repository policy statement AllowPull is missing");
  }

  private static List<String> texts(JsonNode node) {
    List<String> result = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> result.add(n.asText()));
    } else {
      Optional.ofNullable(node.asText(null)).ifPresent(result::add);
    }
    return result;
  }
}
