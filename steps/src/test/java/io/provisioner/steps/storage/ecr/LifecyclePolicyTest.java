package io.provisioner.steps.storage.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioner.steps.support.PolicyJson;
import java.util.List;
import static io.provisioner.steps.storage.ecr.EcrTestSupport.roles;
import org.junit.jupiter.api.Test;

class LifecyclePolicyTest {

  private final LifecyclePolicy policy = new LifecyclePolicy(14, 100);

  @Test
  void document_expiresUntaggedFirstThenKeepsTheLastImages() {
    JsonNode rules = PolicyJson.parse(policy.json()).path("rules");

    assertThat(rules).hasSize(2);
    JsonNode untagged = rules.get(0);
    assertThat(untagged.path("rulePriority").asInt()).isEqualTo(1);
    assertThat(untagged.path("selection").path("tagStatus").asText()).isEqualTo("untagged");
    assertThat(untagged.path("selection").path("countType").asText()).isEqualTo("sinceImagePushed");
    assertThat(untagged.path("selection").path("countUnit").asText()).isEqualTo("days");
    assertThat(untagged.path("selection").path("countNumber").asInt()).isEqualTo(14);
    assertThat(untagged.path("action").path("type").asText()).isEqualTo("expire");

    JsonNode keepLast = rules.get(1);
    assertThat(keepLast.path("rulePriority").asInt()).isEqualTo(2);
    assertThat(keepLast.path("selection").path("tagStatus").asText()).isEqualTo("any");
    assertThat(keepLast.path("selection").path("countType").asText()).isEqualTo("imageCountMoreThan");
    assertThat(keepLast.path("selection").path("countNumber").asInt()).isEqualTo(100);
    assertThat(keepLast.path("selection").has("countUnit")).isFalse();
    assertThat(keepLast.path("action").path("type").asText()).isEqualTo("expire");
  }

  @Test
  void of_takesTheCountsFromTheSpec() {
    EcrSpec spec = new EcrSpec(true, 7, 30, roles(), roles(), false);

    assertThat(LifecyclePolicy.of(spec)).isEqualTo(new LifecyclePolicy(7, 30));
  }

  @Test
  void differences_ofItsOwnJson_isEmpty() {
    assertThat(policy.differences(policy.json())).isEmpty();
  }

  @Test
  void differences_ignoreFormattingKeyAndRuleOrderAndNumbersAsText() {
    String reshaped = """
        {
          "rules" : [ {
            "action" : { "type" : "expire" },
            "selection" : { "countNumber" : "100", "countType" : "imageCountMoreThan", "tagStatus" : "any" },
            "description" : "Keep only the last 100 images",
            "rulePriority" : 2
          }, {
            "selection" : { "tagStatus" : "untagged", "countUnit" : "days", "countType" : "sinceImagePushed",
                            "countNumber" : 14 },
            "rulePriority" : 1,
            "description" : "Expire untagged images older than 14 days",
            "action" : { "type" : "expire" }
          } ]
        }""";

    assertThat(policy.differences(reshaped)).isEmpty();
  }

  @Test
  void differences_whenMissing_saySo() {
    assertThat(policy.differences(null)).containsExactly("lifecycle policy is missing");
    assertThat(policy.differences(" ")).containsExactly("lifecycle policy is missing");
  }

  @Test
  void differences_whenACountChanged_nameTheRule() {
    String other = new LifecyclePolicy(14, 20).json();

    List<String> differences = policy.differences(other);

    assertThat(differences).hasSize(1);
    assertThat(differences.get(0)).startsWith("lifecycle rule 2 (Keep only the last 100 images) differs")
        .contains("\"countNumber\":20");
  }

  @Test
  void differences_whenARuleIsMissingAndAnotherAdded_nameBoth() {
    String other = """
        {"rules":[
          {"rulePriority":1,"description":"Expire untagged images older than 14 days",
           "selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},
           "action":{"type":"expire"}},
          {"rulePriority":5,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":3},
           "action":{"type":"expire"}}]}""";

    assertThat(policy.differences(other)).containsExactly(
        "lifecycle rule 2 (Keep only the last 100 images) is missing",
        "lifecycle rule 5 is not in the spec");
  }

  @Test
  void differences_whenNotJson_saySo() {
    assertThat(policy.differences("{not json")).containsExactly("lifecycle policy is not valid JSON");
  }
}
