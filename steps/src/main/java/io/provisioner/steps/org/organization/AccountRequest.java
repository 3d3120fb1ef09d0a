package io.provisioner.steps.org.organization;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.Await;
import io.provisioner.steps.org.organization.OrganizationSpec.Member;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;

/**
 * The CreateAccount request of one member account. CreateAccount is asynchronous and takes no
 * idempotency token, so the request id it returns is checkpointed ({@code
 * createAccountRequest.<name>}) before the request is polled: a resume polls that request instead
 * of creating a second account. The step forgets it once the account id is recorded.
 */
final class AccountRequest {
  private static final Logger LOG = LoggerFactory.getLogger(AccountRequest.class);

  private final StepContext ctx;
  private final OrganizationsClient org;
  private final Member member;

  AccountRequest(StepContext ctx, Member member) {
    this.ctx = ctx;
    this.org = ctx.clients().get(OrganizationsClient.class);
    this.member = member;
  }

  static String key(Member member) {
    return "createAccountRequest." + member.name();
  }

  Optional<String> recorded() {
    return ctx.checkpoints().get(key(member));
  }

  /** Sends CreateAccount and records its request id before anything else. */
  String start() {
    String id = org.createAccount(r -> r.email(member.email()).accountName(member.name()).roleName(member.roleName())
        .tags(AccountResource.tags(ctx, member))).createAccountStatus().id();
    ctx.checkpoints().put(key(member), id);
    LOG.info("account creation requested [account={}] [request={}]", member.name(), id);
    return id;
  }

  /** The request's status now; empty when Organizations no longer knows it (kept for 90 days). */
  Optional<CreateAccountStatus> status(String requestId) {
    try {
      return Optional.of(org.describeCreateAccountStatus(r -> r.createAccountRequestId(requestId)).createAccountStatus());
    } catch (OrganizationsException e) {
      if (AwsErrors.hasCode(e, "CreateAccountStatusNotFoundException")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Polls the request until it succeeded or failed. */
  CreateAccountStatus await(String requestId) {
    return Await.until(ctx.waits(), "creation of account " + member.name() + " (request " + requestId + ")",
        () -> org.describeCreateAccountStatus(r -> r.createAccountRequestId(requestId)).createAccountStatus(),
        s -> s.state() != CreateAccountState.IN_PROGRESS);
  }

  /** A request for this account name still in progress: what a CreateAccount whose response was lost left. */
  Optional<String> inProgress() {
    return org.listCreateAccountStatusPaginator(r -> r.states(CreateAccountState.IN_PROGRESS)).stream()
        .flatMap(p -> p.createAccountStatuses().stream()).filter(s -> member.name().equals(s.accountName())).map(CreateAccountStatus::id).findFirst();
  }

  /** Forgets the request once the account id is recorded (or the request failed). */
  void forget() {
    Checkpoints cp = ctx.checkpoints();
    if (cp.get(key(member)).isPresent()) {
      cp.remove(key(member));
    }
  }
}
