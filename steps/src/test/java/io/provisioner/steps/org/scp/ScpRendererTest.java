package io.provisioner.steps.org.scp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioner.steps.spec.InvalidSpecException;
import io.provisioner.steps.support.PolicyDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScpRendererTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ScpSpec spec(List<String> regions, List<String> roles) {
    return new ScpSpec(regions, roles, List.of());
  }

  @Test
  void render_regionDeny_fillsRegionsAndBreakGlassArns_asJsonArrays() throws Exception {
    ScpRenderer renderer = ScpRenderer.of(spec(ScpTestSupport.ALLOWED_REGIONS, null), "aws", "provisioner", "prod");

    String rendered = renderer.render(ScpTestSupport.document("region-deny"));

    JsonNode statement = JSON.readTree(rendered).get("Statement").get(0);
    assertThat(statement.get("Sid").asText()).isEqualTo("DenyAllOutsideAllowedRegions");
    assertThat(statement.at("/Condition/StringNotEquals/aws:RequestedRegion"))
        .extracting(JsonNode::asText).containsExactly("us-east-1", "us-west-2", "eu-west-1", "eu-central-1");
    assertThat(statement.at("/Condition/ArnNotLike/aws:PrincipalArn"))
        .extracting(JsonNode::asText).containsExactly("arn:aws:iam::*:role/OrganizationAccountAccessRole");
    assertThat(statement.get("NotAction")).extracting(JsonNode::asText)
        .contains("iam:*", "organizations:*", "sts:*", "support:*", "cloudfront:*", "route53:*", "budgets:*", "ce:*",
            "waf:*");
    assertThat(statement.has("Action")).as("a region deny must exempt global services via NotAction").isFalse();
    assertThat(rendered).doesNotContain("\n").doesNotContain("${");
  }

  @Test
  void render_usesThePartitionAndEveryBreakGlassRole() throws Exception {
    ScpRenderer renderer = ScpRenderer.of(spec(List.of("cn-north-1"), List.of("OrganizationAccountAccessRole",
        "AWSControlTowerExecution")), "aws-cn", "p", "e");

    String rendered = renderer.render(ScpTestSupport.document("protect-security-services"));

    assertThat(JSON.readTree(rendered).at("/Statement/0/Condition/ArnNotLike/aws:PrincipalArn"))
        .extracting(JsonNode::asText).containsExactly("arn:aws-cn:iam::*:role/OrganizationAccountAccessRole",
            "arn:aws-cn:iam::*:role/AWSControlTowerExecution");
    assertThat(JSON.readTree(rendered).at("/Statement/0/Action")).extracting(JsonNode::asText)
        .contains("guardduty:DeleteDetector", "securityhub:DisableSecurityHub", "cloudtrail:StopLogging",
            "config:StopConfigurationRecorder", "guardduty:UpdateDetector", "securityhub:DeleteMembers");
  }

  @Test
  void render_requireS3Encryption_hasNoConditionS3CreateBucketCannotMeet() throws Exception {
    String rendered = ScpRenderer.of(spec(List.of("us-east-1"), null), "aws", "p", "e")
        .render(ScpTestSupport.document("require-s3-encryption"));

    JsonNode statements = JSON.readTree(rendered).get("Statement");
    assertThat(statements).extracting(s -> s.get("Sid").asText())
        .containsExactly("RequireS3Encryption", "DenyBucketEncryptionChanges");
    assertThat(rendered).doesNotContain("s3:CreateBucket");
  }

  @Test
  void render_allSeedDocuments_fitTheScpQuota() {
    ScpRenderer renderer = ScpRenderer.of(spec(ScpTestSupport.ALLOWED_REGIONS, null), "aws", "p", "e");
    for (String name : List.of("region-deny", "protect-security-services", "require-s3-encryption")) {
      assertThat(renderer.render(ScpTestSupport.document(name)).length()).as(name)
          .isLessThanOrEqualTo(ScpRenderer.MAX_CHARACTERS);
    }
  }

  @Test
  void render_withUnknownPlaceholder_namesFileAndPlaceholder() {
    ScpRenderer renderer = ScpRenderer.of(spec(List.of("us-east-1"), null), "aws", "p", "e");

    assertThatThrownBy(() -> renderer.render(new PolicyDocument("x", "scp/x.json",
        "{\"Statement\":[{\"Resource\":[\"${accounts}\"]}]}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scp/x.json")
        .hasMessageContaining("${accounts}");
    assertThatThrownBy(() -> renderer.render(new PolicyDocument("x", "scp/x.json",
        "{\"Statement\":[{\"Resource\":\"arn:${nope}:s3:::b\"}]}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("${nope}");
  }

  @Test
  void render_whenTooLarge_saysBy() {
    String actions = String.join(",", java.util.Collections.nCopies(400, "\"s3:GetObjectVersion\""));
    ScpRenderer renderer = ScpRenderer.of(spec(List.of("us-east-1"), null), "aws", "p", "e");

    assertThatThrownBy(() -> renderer.render(new PolicyDocument("big", "scp/big.json",
        "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[" + actions + "],\"Resource\":\"*\"}]}")))
        .hasMessageContaining("at most 5120");
  }

  @Test
  void sameDocument_ignoresOrderWhitespaceAndSingleValueLists() {
    assertThat(ScpRenderer.sameDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"a:B\"],\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"Action\":[\"c:D\",\"e:F\"],\"Resource\":\"*\"}]}",
        "{ \"Statement\": [ {\"Resource\":\"*\",\"Action\":[\"e:F\",\"c:D\"],\"Effect\":\"Deny\"},"
            + " {\"Effect\":\"Deny\",\"Action\":\"a:B\",\"Resource\":[\"*\"]} ], \"Version\": \"2012-10-17\" }"))
        .isTrue();
    assertThat(ScpRenderer.sameDocument("{\"Action\":\"a:B\"}", "{\"Action\":\"a:C\"}")).isFalse();
    assertThat(ScpRenderer.sameDocument("{\"Action\":\"a:B\"}", "not json")).isFalse();
  }

  @Test
  void spec_rejectsBadRegionsDuplicateNamesAndEmptyTargets() {
    PolicyDocument doc = ScpTestSupport.document("region-deny");
    assertThatThrownBy(() -> new ScpSpec(List.of("mars-1"), null, List.of(
        new ScpSpec.Policy("a", "", doc, List.of("Production")), new ScpSpec.Policy("a", "", doc, List.of("Root")))))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
            .extracting(InvalidSpecException.Problem::field).containsExactlyInAnyOrder("allowedRegions",
                "policies[1].name"));
    assertThatThrownBy(() -> new ScpSpec.Policy("a", "", doc, List.of()))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("targets");
    assertThat(new ScpSpec(List.of("us-east-1"), null, List.of()).breakGlassRoles())
        .containsExactly("OrganizationAccountAccessRole");
  }
}
