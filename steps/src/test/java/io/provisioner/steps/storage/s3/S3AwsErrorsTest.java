package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.steps.aws.AwsErrors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 error codes the step relies on, as {@link AwsErrors} classifies them. */
class S3AwsErrorsTest {

  @Test
  void bucketAlreadyExists_belongsToAnotherAccount_andIsNeverAdoptable() {
    assertThat(AwsErrors.isAlreadyExists(s3Error(409, "BucketAlreadyExists"))).isFalse();
    assertThat(AwsErrors.hasCode(s3Error(409, "BucketAlreadyExists"), AwsErrors.S3_BUCKET_TAKEN)).isTrue();
  }

  @Test
  void bucketAlreadyOwnedByYou_isAdoptable() {
    assertThat(AwsErrors.isAlreadyExists(s3Error(409, "BucketAlreadyOwnedByYou"))).isTrue();
  }

  @Test
  void subResourceNeverSet_isNotConfigured_butAMissingBucketIsNot() {
    for (String code : new String[] {"NoSuchBucketPolicy", "NoSuchLifecycleConfiguration",
        "NoSuchPublicAccessBlockConfiguration", "NoSuchTagSet", "ServerSideEncryptionConfigurationNotFoundError",
        "OwnershipControlsNotFoundError"}) {
      assertThat(AwsErrors.isS3NotConfigured(s3Error(404, code))).as(code).isTrue();
    }
    assertThat(AwsErrors.isS3NotConfigured(s3Error(404, "NoSuchBucket"))).isFalse();
    assertThat(AwsErrors.isNotFound(s3Error(404, "NoSuchBucket"))).isTrue();
  }

  private static S3Exception s3Error(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("S3").build()).build();
  }
}
