package io.provisioner.steps.org.organization;

import io.provisioner.steps.support.Poll;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.org.organization.OrganizationSpec.Member;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.CreateAccountFailureReason;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;

/**
 * Finds or creates one member account. CreateAccount is asynchronous and has no idempotency token,
 * so the request id it returns is recorded ({@code createAccountRequest.<name>}) before the request
 * is polled: a resume polls that request instead of creating a second account. A lost
 * CreateAccount response is covered by the write-ahead intent: the next run looks for the account
 * by email and among the in-progress requests before it creates anything.
 */
final class AccountFactory {
  private static final Logger LOG = LoggerFactory.getLogger(AccountFactory.class);

  private final StepContext ctx;
  private final OrganizationsClient org;
  private final OrgReads reads;

  AccountFactory(StepContext ctx, OrganizationsClient org, OrgReads reads) {
    this.ctx = ctx;
    this.org = org;
    this.reads = reads;
  }

  static String accountKey(String name) {
    return "account." + name;
  }

  static String requestKey(String name) {
    return "createAccountRequest." + name;
  }

  /** The account id of {@code member}, created when no account has its email. */
  String ensure(Member member) {
    Checkpoints cp = ctx.checkpoints();
    String requestId = cp.get(requestKey(member.name())).orElse(null);
    if (requestId == null) {
      Optional<String> existing = reads.accountByEmail(member.email()).map(a -> a.id());
      if (existing.isPresent()) {
        return recordAccount(member, existing.get());
      }
      if (cp.intent(accountKey(member.name())).isPresent()) {
        requestId = inProgressRequest(member).orElse(null);
      }
      if (requestId == null) {
        requestId = create(member);
      } else {
        cp.put(requestKey(member.name()), requestId);
      }
    }
    CreateAccountStatus status = await(member, requestId);
    if (status.state() == CreateAccountState.SUCCEEDED) {
      return recordAccount(member, status.accountId());
    }
    if (status.failureReason() == CreateAccountFailureReason.EMAIL_ALREADY_EXISTS) {
      reads.forgetAccounts();
      Optional<String> byEmail = reads.accountByEmail(member.email()).map(a -> a.id());
      if (byEmail.isPresent()) {
        return recordAccount(member, byEmail.get());
      }
    }
    cp.remove(requestKey(member.name()));
    cp.clearIntent(accountKey(member.name()));
    throw new StepException("creating account " + member.name() + " <" + member.email() + "> failed: "
        + status.failureReasonAsString() + "; fix the cause (see the Organizations docs for this reason) and run up again");
  }

  private String create(Member member) {
    ctx.checkpoints().putIntent(accountKey(member.name()), member.email());
    CreateAccountStatus status;
    try {
      status = org.createAccount(r -> r.email(member.email()).accountName(member.name()).roleName(member.roleName())
          .tags(OrganizationStep.tags(ctx, accountKey(member.name()))))
          .createAccountStatus();
    } catch (OrganizationsException e) {
      throw new StepException("creating account " + member.name() + " <" + member.email() + ">: "
          + e.awsErrorDetails().errorMessage(), e);
    } catch (RuntimeException e) {
      throw new StepException("creating account " + member.name() + " <" + member.email() + ">; the request may have "
          + "reached Organizations: run up again, it looks for the account before creating one", e);
    }
    ctx.checkpoints().put(requestKey(member.name()), status.id());
    LOG.info("account creation requested [account={}, request={}]", member.name(), status.id());
    return status.id();
  }

  /** A CreateAccount request for this account name still in progress (after a lost response). */
  private Optional<String> inProgressRequest(Member member) {
    return org.listCreateAccountStatusPaginator(r -> r.states(CreateAccountState.IN_PROGRESS)).stream()
        .flatMap(p -> p.createAccountStatuses().stream()).filter(s -> member.name().equals(s.accountName())).map(CreateAccountStatus::id).findFirst();
  }

  private CreateAccountStatus await(Member member, String requestId) {
    return Poll.until(ctx.waits(), "creation of account " + member.name() + " (request " + requestId + ")",
        () -> org.describeCreateAccountStatus(r -> r.createAccountRequestId(requestId)).createAccountStatus(),
        s -> s.state() != CreateAccountState.IN_PROGRESS);
  }

  private String recordAccount(Member member, String accountId) {
    Checkpoints cp = ctx.checkpoints();
    if (!cp.get(accountKey(member.name())).filter(accountId::equals).isPresent()) {
      cp.put(accountKey(member.name()), accountId);
    }
    if (cp.get(requestKey(member.name())).isPresent()) {
      cp.remove(requestKey(member.name()));
    }
    if (cp.intent(accountKey(member.name())).isPresent()) {
      cp.clearIntent(accountKey(member.name()));
    }
    return accountId;
  }
}
