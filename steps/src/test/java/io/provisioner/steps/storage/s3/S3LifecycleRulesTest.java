package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

class S3LifecycleRulesTest {

  @Test
  void application_movesNoncurrentVersionsToStandardIa_thenDeletesThem_abortsUploads_andDropsDeleteMarkers() {
    List<LifecycleRule> rules = LifecycleRules.application(new S3Spec.Lifecycle(30, 365, 7)).rules();

    assertThat(rules).extracting(LifecycleRule::id).containsExactly(
        LifecycleRules.NONCURRENT_VERSIONS, LifecycleRules.ABORT_UPLOADS, LifecycleRules.DELETE_MARKERS);
    assertThat(rules).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(ExpirationStatus.ENABLED);
      assertThat(r.filter().prefix()).isEmpty();
    });
    LifecycleRule noncurrent = rules.get(0);
    assertThat(noncurrent.noncurrentVersionTransitions()).singleElement().satisfies(t -> {
      assertThat(t.noncurrentDays()).isEqualTo(30);
      assertThat(t.storageClass()).isEqualTo(TransitionStorageClass.STANDARD_IA);
    });
    assertThat(noncurrent.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(365);
    assertThat(rules.get(1).abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);
    assertThat(rules.get(2).expiration().expiredObjectDeleteMarker()).isTrue();
    assertThat(rules.get(2).expiration().days()).isNull();
  }

  @Test
  void application_withoutTransition_onlyExpiresNoncurrentVersions() {
    LifecycleRule noncurrent = LifecycleRules.application(new S3Spec.Lifecycle(0, 14, 1)).rules().get(0);

    assertThat(noncurrent.noncurrentVersionTransitions()).isEmpty();
    assertThat(noncurrent.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(14);
  }

  @Test
  void accessLogs_expiresLogs_thenTheirNoncurrentVersions_andDropsDeleteMarkers() {
    List<LifecycleRule> rules = LifecycleRules.accessLogs(new S3Spec.AccessLogs(90, 7)).rules();

    assertThat(rules).extracting(LifecycleRule::id).containsExactly(LifecycleRules.EXPIRE_LOGS, LifecycleRules.DELETE_MARKERS);
    assertThat(rules.get(0).expiration().days()).isEqualTo(90);
    assertThat(rules.get(0).noncurrentVersionExpiration().noncurrentDays()).isEqualTo(7);
  }

  @Test
  void differences_ofTheSameRules_areNone() {
    LifecycleRules expected = LifecycleRules.application(new S3Spec.Lifecycle(30, 365, 7));

    assertThat(expected.differences(expected.rules())).isEmpty();
  }

  @Test
  void differences_whenServiceReturnsAnEmptyFilterInsteadOfAnEmptyPrefix_areNone() {
    LifecycleRules expected = LifecycleRules.accessLogs(new S3Spec.AccessLogs(90, 7));
    List<LifecycleRule> returned = expected.rules().stream()
        .map(r -> r.toBuilder().filter(LifecycleRuleFilter.builder().build()).build()).toList();

    assertThat(expected.differences(returned)).isEmpty();
  }

  @Test
  void differences_nameEachChangedFieldMissingRuleAndUnexpectedRule() {
    LifecycleRules expected = LifecycleRules.application(new S3Spec.Lifecycle(30, 365, 7));
    List<LifecycleRule> actual = new ArrayList<>();
    actual.add(expected.rules().get(0).toBuilder()
        .noncurrentVersionExpiration(e -> e.noncurrentDays(90)).build());
    actual.add(expected.rules().get(1).toBuilder().status(ExpirationStatus.DISABLED).build());
    actual.add(LifecycleRule.builder().id("purge").status(ExpirationStatus.ENABLED)
        .filter(f -> f.prefix("tmp/")).expiration(e -> e.days(1)).build());

    assertThat(expected.differences(actual)).containsExactly(
        "lifecycle rule noncurrent-versions: noncurrent version expiration is after 90 days, expected after 365 days",
        "lifecycle rule abort-incomplete-multipart-uploads: status is Disabled, expected Enabled",
        "lifecycle rule expired-delete-markers is missing",
        "lifecycle rule purge is not expected");
  }

  @Test
  void differences_whenNoConfiguration_listEveryRuleAsMissing() {
    assertThat(LifecycleRules.accessLogs(new S3Spec.AccessLogs(90, 7)).differences(List.of())).containsExactly(
        "lifecycle rule expire-access-logs is missing", "lifecycle rule expired-delete-markers is missing");
  }

  @Test
  void describe_ofAPrefixedRule_saysItsScope() {
    Map<String, String> fields = LifecycleRules.describe(LifecycleRule.builder().id("x").status(ExpirationStatus.ENABLED)
        .filter(f -> f.prefix("logs/")).expiration(e -> e.days(3)).build());

    assertThat(fields.get("scope")).contains("logs/");
    assertThat(fields.get("expiration")).isEqualTo("after 3 days");
  }
}
