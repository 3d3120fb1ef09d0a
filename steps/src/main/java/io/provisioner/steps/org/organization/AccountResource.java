package io.provisioner.steps.org.organization;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import io.provisioner.steps.org.organization.OrganizationSpec.Member;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.CreateAccountFailureReason;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.Tag;

/**
 * One member account, placed in its OU. Found by the recorded id, then through its recorded
 * CreateAccount request, then by email (unique across AWS), then, after a CreateAccount whose
 * response was lost (the write-ahead intent says so), through the requests still in progress. A
 * new account gets this environment's tags; an adopted one is left as it is.
 *
 * <p><b>A rollback never closes an account</b>: closing is irreversible and locks the email for
 * good. The OU's rollback parks the account at the root ({@link UnitResource}).
 */
final class AccountResource implements Resource<Account> {
  private static final Logger LOG = LoggerFactory.getLogger(AccountResource.class);
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("AccountNotFoundException")
      .notYetVisible("AccountNotFoundException", "ChildNotFoundException", "DestinationParentNotFoundException");

  private final StepContext ctx;
  private final OrganizationsClient org;
  private final Member member;
  private final String ouId;
  private final Function<String, String> parentName;
  private final boolean converging;
  private final AccountRequest request;

  /**
   * @param ouId the id of the member's OU; null when it does not exist (verify and rollback)
   * @param parentName the name of an OU or root by id, for messages
   * @param converging the loop converges: a request in progress is waited for, a failed one fails the step
   */
  AccountResource(StepContext ctx, Member member, String ouId, Function<String, String> parentName,
      boolean converging) {
    this.ctx = ctx;
    this.org = ctx.clients().get(OrganizationsClient.class);
    this.member = member;
    this.ouId = ouId;
    this.parentName = parentName;
    this.converging = converging;
    this.request = new AccountRequest(ctx, member);
  }

  static List<Tag> tags(StepContext ctx, Member member) {
    return Tags.to(ctx.tags().forKey(key(member)), (k, v) -> Tag.builder().key(k).value(v).build());
  }

  static String key(Member member) {
    return "account." + member.name();
  }

  @Override
  public String key() {
    return key(member);
  }

  @Override
  public String description() {
    return "account " + member.name() + " <" + member.email() + ">";
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<Account> read(String accountId) {
    return Optional.of(org.describeAccount(r -> r.accountId(accountId)).account());
  }

  @Override
  public Optional<Account> lookup() {
    Optional<Account> requested = request.recorded().flatMap(request::status).flatMap(this::outcome);
    if (requested.isPresent()) {
      return requested;
    }
    Optional<Account> byEmail = byEmail();
    if (byEmail.isPresent() || !converging || ctx.checkpoints().intent(key()).isEmpty()) {
      return byEmail;
    }
    return request.inProgress().map(request::await).flatMap(this::outcome);
  }

  /** A create called again after its request was recorded (a retried call) polls that request. */
  @Override
  public Account create() {
    String requestId = request.recorded().filter(id -> request.status(id).isPresent()).orElseGet(request::start);
    CreateAccountStatus status = request.await(requestId);
    return outcome(status).orElseThrow(() -> failed(status));
  }

  @Override
  public String id(Account account) {
    return account.id();
  }

  @Override
  public List<Setting<Account>> settings() {
    return ouId == null ? List.of() : List.of(new Placement());
  }

  /** Kept: a rollback never closes an account. */
  @Override
  public void delete(Account account) {
    LOG.info("kept account: a rollback never closes one [account={}] [id={}]", member.name(), account.id());
  }

  /** The OU the account sits in. */
  private final class Placement implements Setting<Account> {
    @Override
    public List<String> differences(Account account) {
      String parent = UnitResource.parentOf(org, account.id());
      return parent.equals(ouId) ? List.of()
          : List.of("is in OU " + parentName.apply(parent) + ", expected OU " + member.ou());
    }

    @Override
    public void apply(Account account) {
      String parent = UnitResource.parentOf(org, account.id());
      try {
        org.moveAccount(r -> r.accountId(account.id()).sourceParentId(parent).destinationParentId(ouId));
      } catch (OrganizationsException e) {
        if (!AwsErrors.hasCode(e, "DuplicateAccountException")) {
          throw e;
        }
      }
    }
  }

  /**
   * The account a request made. One in progress is waited for when converging (and is nothing yet
   * otherwise); a failed one fails the step when converging, unless it failed because an account
   * with the member's email exists, which is then adopted.
   */
  private Optional<Account> outcome(CreateAccountStatus status) {
    CreateAccountStatus settled = converging && status.state() == CreateAccountState.IN_PROGRESS
        ? request.await(status.id()) : status;
    switch (settled.state()) {
      case SUCCEEDED:
        return Optional.of(Account.builder().id(settled.accountId()).name(member.name()).email(member.email()).build());
      case IN_PROGRESS:
        return Optional.empty();
      default:
        Optional<Account> existing = settled.failureReason() == CreateAccountFailureReason.EMAIL_ALREADY_EXISTS
            ? byEmail() : Optional.empty();
        if (existing.isEmpty() && converging) {
          throw failed(settled);
        }
        return existing;
    }
  }

  /** Forgets the failed request, so the next run creates the account again once its cause is fixed. */
  private StepException failed(CreateAccountStatus status) {
    request.forget();
    ctx.checkpoints().clearIntent(key());
    return new StepException("creating account " + member.name() + " <" + member.email() + "> failed: "
        + status.failureReasonAsString() + "; fix the cause (see the Organizations docs for this reason) and run "
        + "up again");
  }

  /** The account with the member's email (case-insensitive), whatever its status. */
  private Optional<Account> byEmail() {
    return org.listAccountsPaginator().stream().flatMap(p -> p.accounts().stream())
        .filter(a -> member.email().equalsIgnoreCase(a.email())).findFirst();
  }
}
