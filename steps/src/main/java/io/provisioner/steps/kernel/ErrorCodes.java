package io.provisioner.steps.kernel;

import io.provisioner.steps.aws.AwsErrors;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * How one resource's API says "not found", "already exists" and "not visible yet", by error code.
 * Each resource lists its own codes, read from its API reference; nothing is matched by suffix.
 *
 * @param notFound codes meaning the resource does not exist (a delete of it is done)
 * @param alreadyExists codes meaning a create found it existing (adopted, never a twin)
 * @param notYetVisible codes a call may return for a resource created a moment ago (retried
 *     within the profile's eventual-consistency wait)
 */
public record ErrorCodes(Set<String> notFound, Set<String> alreadyExists, Set<String> notYetVisible) {
  public ErrorCodes {
    notFound = Set.copyOf(notFound);
    alreadyExists = Set.copyOf(alreadyExists);
    notYetVisible = Set.copyOf(notYetVisible);
  }

  public static ErrorCodes notFound(String... codes) {
    return new ErrorCodes(Set.of(codes), Set.of(), Set.of());
  }

  public ErrorCodes alreadyExists(String... codes) {
    Set<String> all = new HashSet<>(alreadyExists);
    all.addAll(Set.of(codes));
    return new ErrorCodes(notFound, all, notYetVisible);
  }

  public ErrorCodes notYetVisible(String... codes) {
    Set<String> all = new HashSet<>(notYetVisible);
    all.addAll(Set.of(codes));
    return new ErrorCodes(notFound, alreadyExists, all);
  }

  /** One of the not-found codes, or an HTTP 404 that carries no code at all (S3's HEAD). */
  public boolean isNotFound(Throwable e) {
    if (!(e instanceof AwsServiceException ase)) {
      return false;
    }
    String code = AwsErrors.code(e);
    return notFound.contains(code) || (code.isEmpty() && ase.statusCode() == 404);
  }

  public boolean isAlreadyExists(Throwable e) {
    return alreadyExists.contains(AwsErrors.code(e));
  }
}
