package io.provisioner.steps.security.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.testing.StepContractScenario;
import io.provisioner.steps.testing.TestHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.Tag;

/** The shared contract scenario for {@link KmsStep}, with a DR key, plus a few KMS specifics. */
class KmsStepIT extends StepContractScenario {

  private KmsSpec spec() {
    return new KmsSpec("alias/provisioner-" + harness.env(), "provisioner " + harness.env() + " data key", 7, true,
        List.of("ec2.amazonaws.com", "rds.amazonaws.com", "s3.amazonaws.com", "logs.amazonaws.com"), true);
  }

  @Override
  protected Step step() {
    return new KmsStep(spec());
  }

  @Override
  protected void driftBehindItsBack(TestHarness harness) {
    String keyId = harness.checkpointsOf(KmsStep.ID).get("keyId");
    harness.client(KmsClient.class).disableKeyRotation(r -> r.keyId(keyId));
  }

  @Override
  protected String expectedDriftFragment() {
    return "rotation";
  }

  @Override
  protected List<String> leftovers(TestHarness harness) {
    List<String> left = new ArrayList<>();
    for (String region : List.of(TestHarness.REGION, TestHarness.DR_REGION)) {
      left.addAll(KmsTestSupport.liveKeys(harness, region, null).stream().map(id -> region + " key " + id).toList());
      KmsTestSupport.aliasTarget(harness, region, spec().alias())
          .ifPresent(target -> left.add(region + " alias " + spec().alias() + " -> " + target));
    }
    return left;
  }

  @Test
  void create_recordsKeysOfBothRegions_withPolicyRotationAndTags() {
    KmsStep step = new KmsStep(spec());
    harness.create(step);

    Map<String, String> checkpoints = harness.checkpointsOf(KmsStep.ID);
    assertThat(checkpoints).containsKeys("keyId", "keyArn", "alias", "drKeyId", "drKeyArn", "drAlias");
    assertThat(checkpoints.keySet()).noneMatch(k -> k.startsWith("intent:"));
    assertThat(checkpoints.get("keyArn")).contains(":" + TestHarness.REGION + ":");
    assertThat(checkpoints.get("drKeyArn")).contains(":" + TestHarness.DR_REGION + ":");

    KmsClient kms = harness.client(KmsClient.class);
    String keyId = checkpoints.get("keyId");
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled()).isTrue();
    assertThat(kms.describeKey(r -> r.keyId(spec().alias())).keyMetadata().keyId()).isEqualTo(keyId);
    Map<String, String> tags = kms.listResourceTags(r -> r.keyId(keyId)).tags().stream()
        .collect(Collectors.toMap(Tag::tagKey, Tag::tagValue));
    assertThat(tags).containsEntry(ResourceTags.ENV, harness.env()).containsEntry(ResourceTags.KEY, "main")
        .containsEntry("ManagedBy", "provisioner");

    String drPolicy = harness.client(KmsClient.class, TestHarness.DR_REGION)
        .getKeyPolicy(r -> r.keyId(checkpoints.get("drKeyId")).policyName("default")).policy();
    assertThat(drPolicy).contains("logs." + TestHarness.DR_REGION + ".amazonaws.com");

    harness.rollback(step);
  }

  @Test
  void verify_whenDrKeyDisabledAndAliasMoved_listsEveryDifference() {
    KmsStep step = new KmsStep(spec());
    harness.create(step);
    Map<String, String> checkpoints = harness.checkpointsOf(KmsStep.ID);
    KmsClient dr = harness.client(KmsClient.class, TestHarness.DR_REGION);
    dr.disableKey(r -> r.keyId(checkpoints.get("drKeyId")));
    KmsClient kms = harness.client(KmsClient.class);
    String keyId = checkpoints.get("keyId");
    kms.updateKeyDescription(r -> r.keyId(keyId).description("changed by hand"));
    kms.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(
        KeyPolicy.of("123456789012", TestHarness.REGION, List.of()).json()));

    String differences = String.join("\n", harness.verify(step).differences());

    assertThat(differences)
        .contains("DR key " + spec().alias() + " in " + TestHarness.DR_REGION)
        .contains("is Disabled, expected Enabled")
        .contains("description is \"changed by hand\"")
        .contains("statement AllowServicesToUseKey is missing");

    harness.create(step);
    assertThat(harness.verify(step).isInSync()).isTrue();
    harness.rollback(step);
  }

  @Test
  void create_whenAliasTakenByForeignKey_failsAndSaysSo() {
    KmsClient kms = harness.client(KmsClient.class);
    String foreign = kms.createKey(r -> r.description("someone else's key")).keyMetadata().keyId();
    kms.createAlias(r -> r.aliasName(spec().alias()).targetKeyId(foreign));
    try {
      KmsStep step = new KmsStep(spec());
      assertThatThrownBy(() -> harness.create(step))
          .hasMessageContaining("alias " + spec().alias())
          .hasMessageContaining("not managed by this environment");
      assertThat(KmsTestSupport.liveKeys(harness, TestHarness.REGION, "main")).isEmpty();
    } finally {
      kms.deleteAlias(r -> r.aliasName(spec().alias()));
      kms.scheduleKeyDeletion(r -> r.keyId(foreign).pendingWindowInDays(7));
    }
  }
}
