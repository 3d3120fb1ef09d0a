package io.provisioner.steps.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Reads SDK errors by their error code, never by message text. What "not found" or "already
 * exists" means is each resource's own list of codes ({@code steps.kernel.ErrorCodes}); here are
 * only the answers that mean the same for every service: throttling, the only errors worth
 * retrying everywhere.
 */
public final class AwsErrors {

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

  /** The error code of an AWS service error; empty for anything else or an answer without one. */
  public static String code(Throwable e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      String code = ase.awsErrorDetails().errorCode();
      return code == null ? "" : code;
    }
    return "";
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
}
