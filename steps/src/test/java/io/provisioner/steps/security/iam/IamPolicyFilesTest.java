package io.provisioner.steps.security.iam;

import io.provisioner.steps.support.PolicyJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every document under {@code src/policies/iam/} is a valid, complete IAM policy. */
class IamPolicyFilesTest {

  private static final Map<String, String> VALUES = Map.of("account", "123456789012", "partition", "aws",
      "region", "us-east-1", "env", "prod", "project", "provisioner");

  private static List<Path> files() throws IOException {
    try (Stream<Path> paths = Files.list(IamSpecs.POLICIES.resolve("iam"))) {
      return paths.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void everyFile_isAPolicyWithVersionAndSids() throws IOException {
    List<Path> files = files();
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
        "app-server.json", "config.json", "ecs-task-execution.json", "ecs-task.json", "flow-logs.json",
        "lambda-execution.json", "require-mfa.json", "s3-replication.json", "secret-rotation.json");
    for (Path file : files) {
      JsonNode document = PolicyJson.parse(Files.readString(file));
      assertThat(document.path("Version").asText()).as("Version of %s", file).isEqualTo("2012-10-17");
      assertThat(document.path("Statement").isArray()).as("Statement array of %s", file).isTrue();
      assertThat(document.path("Statement")).as("statements of %s", file).isNotEmpty();
      for (JsonNode statement : document.path("Statement")) {
        assertThat(statement.path("Sid").asText()).as("Sid in %s", file).isNotBlank();
        assertThat(statement.path("Effect").asText()).as("Effect in %s", file).isIn("Allow", "Deny");
        assertThat(statement.has("Action") || statement.has("NotAction")).as("Action in %s", file).isTrue();
        assertThat(statement.has("Resource")).as("Resource in %s", file).isTrue();
      }
    }
  }

  @Test
  void everyFile_rendersToValidJsonWithoutUnknownPlaceholders() throws IOException {
    for (Path file : files()) {
      String rendered = IamSpecs.policy("p", "iam/" + file.getFileName()).render(VALUES);
      PolicyJson.parse(rendered);
      assertThat(rendered.replace("${aws:username}", "")).as("placeholders left in %s", file).doesNotContain("${");
    }
  }

  @Test
  void allowStatements_neverGrantEveryActionOnEveryResource() throws IOException {
    for (Path file : files()) {
      for (JsonNode statement : PolicyJson.parse(Files.readString(file)).path("Statement")) {
        if ("Allow".equals(statement.path("Effect").asText())) {
          assertThat(statement.path("Action").toString()).as("actions in %s", file).doesNotContain("\"*\"");
        }
      }
    }
  }

  @Test
  void requireMfa_keepsTheSeedStatementVerbatim() throws IOException {
    JsonNode seed = PolicyJson.parse("""
        {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
         "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
           "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
         "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
        """);
    JsonNode document = PolicyJson.parse(Files.readString(IamSpecs.POLICIES.resolve("iam/require-mfa.json")));
    assertThat(document.path("Statement")).contains(seed);
    assertThat(document.toString()).contains("${aws:username}");
  }
}
