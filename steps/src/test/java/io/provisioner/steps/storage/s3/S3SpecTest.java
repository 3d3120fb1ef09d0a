package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.spec.InvalidSpecException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3SpecTest {

  static final S3Spec.Lifecycle LIFECYCLE = new S3Spec.Lifecycle(30, 365, 7);
  static final S3Spec.IntelligentTiering TIERING = new S3Spec.IntelligentTiering(90, 180);

  /** The prod profile's buckets (seed values). */
  static S3Spec prod() {
    return new S3Spec(
        List.of(new S3Spec.Bucket("static-assets", false, true, LIFECYCLE, TIERING),
            new S3Spec.Bucket("backups", true, true, LIFECYCLE, TIERING)),
        new S3Spec.AccessLogs(365, 30));
  }

  @Test
  void new_withSeedValues_keepsThem() {
    S3Spec spec = prod();

    assertThat(spec.buckets()).extracting(S3Spec.Bucket::suffix).containsExactly("static-assets", "backups");
    assertThat(spec.buckets().get(1).backup()).isTrue();
    assertThat(spec.buckets().get(0).intelligentTiering().deepArchiveAccessDays()).isEqualTo(180);
  }

  @Test
  void new_withoutBucketsOrAccessLogs_namesBothFields() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> new S3Spec(List.of(), null));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("buckets", "accessLogs");
  }

  @Test
  void new_withDuplicateSuffix_namesTheSecondOne() {
    List<S3Spec.Bucket> buckets = List.of(new S3Spec.Bucket("data", false, true, LIFECYCLE, null),
        new S3Spec.Bucket("data", true, true, LIFECYCLE, null));

    assertThatThrownBy(() -> new S3Spec(buckets, new S3Spec.AccessLogs(90, 7)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("buckets[1].suffix")
        .hasMessageContaining("\"data\" is used by another bucket");
  }

  @Test
  void newBucket_withNullInTheList_isReportedWithItsIndex() {
    List<S3Spec.Bucket> buckets = new ArrayList<>();
    buckets.add(null);

    assertThatThrownBy(() -> new S3Spec(buckets, new S3Spec.AccessLogs(90, 7)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("buckets[0]: is required");
  }

  @Test
  void newBucket_withBadSuffixes_explainsTheNamingRules() {
    for (String suffix : List.of("Static", "assets.", "-assets", "assets-", "a_b", "my.assets", "")) {
      InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
          () -> new S3Spec.Bucket(suffix, false, true, LIFECYCLE, null));
      assertThat(e).as(suffix).isNotNull();
      assertThat(e.problems()).as(suffix).extracting(InvalidSpecException.Problem::field).containsOnly("suffix");
      assertThat(e.getMessage()).contains("lowercase letters, digits and hyphens");
    }
  }

  @Test
  void newBucket_withSuffixTooLongForAnyName_saysHowLongItMayBe() {
    String longest = "a".repeat(S3Spec.MAX_SUFFIX_LENGTH);

    assertThat(new S3Spec.Bucket(longest, false, false, LIFECYCLE, null).suffix()).hasSize(36);
    assertThatThrownBy(() -> new S3Spec.Bucket(longest + "b", false, false, LIFECYCLE, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("suffix: is 37 characters; use at most 36");
  }

  @Test
  void newBucket_namedLikeTheAccessLogBucket_isRejected() {
    assertThatThrownBy(() -> new S3Spec.Bucket(S3Spec.ACCESS_LOGS, false, false, LIFECYCLE, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("access-log bucket's");
  }

  @Test
  void newBucket_withoutLifecycle_isRejected() {
    assertThatThrownBy(() -> new S3Spec.Bucket("data", false, false, null, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("lifecycle: is required");
  }

  @Test
  void newLifecycle_withoutTransition_needsOnlyAnExpiration() {
    S3Spec.Lifecycle lifecycle = new S3Spec.Lifecycle(0, 7, 1);

    assertThat(lifecycle.noncurrentTransitionDays()).isZero();
  }

  @Test
  void newLifecycle_withTransitionUnder30Days_saysStandardIaNeeds30() {
    assertThatThrownBy(() -> new S3Spec.Lifecycle(29, 365, 7))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("noncurrentTransitionDays")
        .hasMessageContaining("at least 30 days");
  }

  @Test
  void newLifecycle_expiringBeforeTheTransition_isRejected() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> new S3Spec.Lifecycle(30, 30, 7));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field).containsExactly("noncurrentExpirationDays");
    assertThat(e.getMessage()).contains("greater than noncurrentTransitionDays (30)");
  }

  @Test
  void newLifecycle_withSeveralMistakes_reportsThemAll() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> new S3Spec.Lifecycle(-1, 0, 0));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("noncurrentTransitionDays", "noncurrentExpirationDays", "abortIncompleteUploadDays");
  }

  @Test
  void newTiering_atTheBounds_isAccepted() {
    assertThat(new S3Spec.IntelligentTiering(90, 730).archiveAccessDays()).isEqualTo(90);
    assertThat(new S3Spec.IntelligentTiering(729, 730).deepArchiveAccessDays()).isEqualTo(730);
    assertThat(new S3Spec.IntelligentTiering(90, 180).deepArchiveAccessDays()).isEqualTo(180);
  }

  @Test
  void newTiering_outOfRange_namesEachField() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new S3Spec.IntelligentTiering(89, 731));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("archiveAccessDays", "deepArchiveAccessDays");
    assertThat(e.getMessage()).contains("from 90 to 730").contains("from 180 to 730");
  }

  @Test
  void newTiering_withDeepArchiveNotAfterArchive_isRejected() {
    assertThatThrownBy(() -> new S3Spec.IntelligentTiering(200, 200))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("deepArchiveAccessDays: 200 must be greater than archiveAccessDays (200)");
  }

  @Test
  void newAccessLogs_outOfRange_namesTheFields() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> new S3Spec.AccessLogs(0, 40000));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("expirationDays", "noncurrentExpirationDays");
  }
}
