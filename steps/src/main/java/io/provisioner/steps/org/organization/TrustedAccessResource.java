package io.provisioner.steps.org.organization;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/**
 * Trusted access of one service to the organization. Only what this step enabled is its own: its
 * checkpoint ({@code trustedAccess.<principal>}) is written when this step enabled it, or when an
 * enable whose response was lost (the write-ahead intent says so) turns out to have gone through.
 * Access someone else enabled is adopted without being recorded, so rollback leaves it enabled.
 */
final class TrustedAccessResource implements Resource<TrustedAccessResource.Access> {
  /** EnableAWSServiceAccess and DisableAWSServiceAccess are idempotent: no code means "exists" or "gone". */
  private static final ErrorCodes ERRORS = new ErrorCodes(Set.of(), Set.of(), Set.of());
  private static final String RECORDED = "enabled";

  /** Access found enabled; {@code ours} when this step enabled it. */
  record Access(boolean ours) {}

  private final StepContext ctx;
  private final OrganizationsClient org;
  private final String principal;

  TrustedAccessResource(StepContext ctx, String principal) {
    this.ctx = ctx;
    this.org = ctx.clients().get(OrganizationsClient.class);
    this.principal = principal;
  }

  @Override
  public String key() {
    return "trustedAccess." + principal;
  }

  @Override
  public String description() {
    return "trusted access for " + principal;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  /** Recorded: this step enabled it. */
  @Override
  public Optional<Access> read(String recorded) {
    return enabled() ? Optional.of(new Access(true)) : Optional.empty();
  }

  @Override
  public Optional<Access> lookup() {
    return enabled() ? Optional.of(new Access(ctx.checkpoints().intent(key()).isPresent())) : Optional.empty();
  }

  @Override
  public Access create() {
    org.enableAWSServiceAccess(r -> r.servicePrincipal(principal));
    return new Access(true);
  }

  /** Nothing is recorded for access someone else enabled. */
  @Override
  public String id(Access access) {
    return access.ours() ? RECORDED : null;
  }

  /** Disables only the access this step enabled. */
  @Override
  public void delete(Access access) {
    if (access.ours()) {
      org.disableAWSServiceAccess(r -> r.servicePrincipal(principal));
    }
  }

  private boolean enabled() {
    return org.listAWSServiceAccessForOrganizationPaginator().stream()
        .flatMap(p -> p.enabledServicePrincipals().stream())
        .anyMatch(p -> principal.equals(p.servicePrincipal()));
  }
}
