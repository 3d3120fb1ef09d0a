package io.provisioner.steps.support;

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
          "UnknownResourceException");

  private static final Set<String> ALREADY_EXISTS =
      Set.of(
          "AlreadyExistsException",
          "EntityAlreadyExists",
          "EntityAlreadyExistsException",
          "ResourceAlreadyExistsException",
          "ResourceExistsException",
          "BucketAlreadyOwnedByYou",
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
    return ALREADY_EXISTS.contains(code) || code.endsWith(".Duplicate") || code.endsWith("AlreadyExists")
        || RDS_ALREADY_EXISTS.contains(code);
  }

  public static boolean isThrottling(Throwable e) {
    if (e instanceof AwsServiceException ase && ase.isThrottlingException()) {
      return true;
    }
    return THROTTLING.contains(code(e));
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
