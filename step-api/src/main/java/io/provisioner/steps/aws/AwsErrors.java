package io.provisioner.steps.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Classifies SDK errors by their error code, never by message text. "Already exists" on create and
 * "not found" on delete are success for a step; throttling and eventual-consistency codes are the
 * only ones worth retrying.
 */
public final class AwsErrors {

  private static final Set<String> NOT_FOUND =
      Set.of(
          "NotFoundException",
          "NoSuchEntity",
          "NoSuchEntityException",
          "ResourceNotFoundException",
          "ResourceNotFound",
          "NoSuchBucket",
          "NoSuchKey",
          "NotFound",
          "NatGatewayNotFound",
          "UnknownResourceException",
          // ElastiCache
          "ReplicationGroupNotFoundFault",
          "CacheSubnetGroupNotFoundFault",
          "CacheClusterNotFound",
          "SnapshotNotFoundFault");

  private static final Set<String> ALREADY_EXISTS =
      Set.of(
          "AlreadyExistsException",
          "EntityAlreadyExists",
          "EntityAlreadyExistsException",
          "ResourceAlreadyExistsException",
          "ResourceExistsException",
          "BucketAlreadyOwnedByYou",
          "RepositoryAlreadyExistsException",
          "DuplicateRecordException");

  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestThrottledException",
          "TooManyRequestsException",
          "ProvisionedThroughputExceededException",
          "TransactionInProgressException",
          "RequestLimitExceeded",
          "RequestThrottled",
          "SlowDown",
          "PriorRequestNotComplete",
          "EC2ThrottledException",
          "ConcurrentModificationException",
          "ConcurrentModification");

  /**
   * S3's answer to a read of a bucket's sub-resource (policy, tags, lifecycle, encryption...) that
   * was never set, on a bucket that exists.
   */
  private static final Set<String> S3_NOT_CONFIGURED =
      Set.of(
          "NoSuchBucketPolicy",
          "NoSuchLifecycleConfiguration",
          "NoSuchPublicAccessBlockConfiguration",
          "NoSuchTagSet",
          "ServerSideEncryptionConfigurationNotFoundError",
          "OwnershipControlsNotFoundError",
          "NoSuchConfiguration");

  /** S3: the bucket name is taken by another AWS account. Unlike "already exists", never adoptable. */
  public static final String S3_BUCKET_TAKEN = "BucketAlreadyExists";

  private AwsErrors() {}

  public static String code(Throwable e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      String code = ase.awsErrorDetails().errorCode();
      return code == null ? "" : code;
    }
    return "";
  }

  public static boolean isNotFound(Throwable e) {
    if (!(e instanceof AwsServiceException ase)) {
      return false;
    }
    String code = code(e);
    return NOT_FOUND.contains(code) || code.endsWith(".NotFound") || code.endsWith("NotFoundException")
        || RDS_NOT_FOUND.contains(code) || (code.isEmpty() && ase.statusCode() == 404);
  }

  public static boolean isAlreadyExists(Throwable e) {
    String code = code(e);
    if (S3_BUCKET_TAKEN.equals(code)) {
      return false;
    }
    return ALREADY_EXISTS.contains(code) || code.endsWith(".Duplicate") || code.endsWith("AlreadyExists")
        || RDS_ALREADY_EXISTS.contains(code);
  }

  /** True when S3 says a sub-resource of an existing bucket was never set (see {@link #S3_NOT_CONFIGURED}). */
  public static boolean isS3NotConfigured(Throwable e) {
    return S3_NOT_CONFIGURED.contains(code(e));
  }

  public static boolean isThrottling(Throwable e) {
    if (e instanceof AwsServiceException ase && ase.isThrottlingException()) {
      return true;
    }
    return THROTTLING.contains(code(e));
  }

  /**
   * True for Lambda's {@code InvalidParameterValueException} about an execution role IAM has not
   * propagated yet ("cannot be assumed", or no permission to create the network interfaces of a VPC
   * function): Lambda uses that code for invalid parameters too, so only these messages say the call
   * may succeed when repeated.
   */
  public static boolean isLambdaRoleNotReady(Throwable e) {
    if (!"InvalidParameterValueException".equals(code(e))) {
      return false;
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return message.contains("cannot be assumed") || message.contains("does not have permissions to call");
  }

  /** True when the error code is one of the given codes. */
  public static boolean hasCode(Throwable e, String... codes) {
    String code = code(e);
    for (String c : codes) {
      if (c.equals(code)) {
        return true;
      }
    }
    return false;
  }

  /** RDS fault codes for "no such resource", which follow none of the usual suffixes. */
  private static final Set<String> RDS_NOT_FOUND = Set.of("DBInstanceNotFound", "DBSubnetGroupNotFoundFault",
      "DBParameterGroupNotFound", "OptionGroupNotFoundFault", "DBSnapshotNotFound", "DBSnapshotNotFoundFault");

  /** RDS fault codes for "already exists" that do not end in AlreadyExists. */
  private static final Set<String> RDS_ALREADY_EXISTS = Set.of("OptionGroupAlreadyExistsFault");
}
