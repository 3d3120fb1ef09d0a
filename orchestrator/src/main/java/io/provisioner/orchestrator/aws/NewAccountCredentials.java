package io.provisioner.orchestrator.aws;

import io.provisioner.steps.Waits;
import io.provisioner.steps.aws.Transient;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Credentials of a role in a member account, retried while the account is still being set up: for
 * some minutes after CreateAccount, assuming its {@code OrganizationAccountAccessRole} is refused
 * with AccessDenied (or the region is not yet enabled). Retries are bounded by the profile's
 * eventual-consistency wait; any other error fails at once.
 */
final class NewAccountCredentials implements AwsCredentialsProvider, AutoCloseable {
  static final Set<String> NOT_READY_YET = Set.of("AccessDenied", "RegionDisabledException", "InvalidClientTokenId");

  private final AwsCredentialsProvider delegate;
  private final Waits waits;
  private final String what;

  NewAccountCredentials(AwsCredentialsProvider delegate, Waits waits, String what) {
    this.delegate = delegate;
    this.waits = waits;
    this.what = what;
  }

  @Override
  public AwsCredentials resolveCredentials() {
    return Transient.retry(waits, what, NOT_READY_YET, delegate::resolveCredentials);
  }

  @Override
  public void close() throws Exception {
    if (delegate instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
