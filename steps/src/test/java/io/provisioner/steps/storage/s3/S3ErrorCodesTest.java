package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 error codes a bucket relies on, as {@link BucketResource} and {@link LiveBucket} read them. */
class S3ErrorCodesTest {

  @Test
  void bucketAlreadyExists_belongsToAnotherAccount_andIsNeverAdoptable() {
    assertThat(BucketResource.ERRORS.isAlreadyExists(s3Error(409, "BucketAlreadyExists"))).isFalse();
    assertThat(BucketResource.NAME_TAKEN).isEqualTo("BucketAlreadyExists");
  }

  @Test
  void bucketAlreadyOwnedByYou_isAdoptable() {
    assertThat(BucketResource.ERRORS.isAlreadyExists(s3Error(409, "BucketAlreadyOwnedByYou"))).isTrue();
  }

  @Test
  void noSuchBucket_andHeadBucketsBare404_areNotFound_butASubResourceNeverSetIsNot() {
    assertThat(BucketResource.ERRORS.isNotFound(s3Error(404, "NoSuchBucket"))).isTrue();
    assertThat(BucketResource.ERRORS.isNotFound(s3Error(404, ""))).isTrue();
    assertThat(BucketResource.ERRORS.isNotFound(s3Error(404, "NoSuchBucketPolicy"))).isFalse();
  }

  @Test
  void ifSet_isEmptyForItsOwnNotConfiguredCode_only() {
    LiveBucket bucket = new LiveBucket("b", null);
    for (String code : List.of("NoSuchBucketPolicy", "NoSuchLifecycleConfiguration",
        "NoSuchPublicAccessBlockConfiguration", "NoSuchTagSet", "ServerSideEncryptionConfigurationNotFoundError",
        "OwnershipControlsNotFoundError")) {
      assertThat(bucket.ifSet(code, s3 -> { throw s3Error(404, code); })).as(code).isEmpty();
    }
    assertThatThrownBy(() -> bucket.ifSet("NoSuchTagSet", s3 -> { throw s3Error(404, "NoSuchBucket"); }))
        .isInstanceOf(S3Exception.class);
  }

  private static S3Exception s3Error(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("S3").build()).build();
  }
}
