package io.provisioner.steps.org.organization;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Verification;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Reconciler.Mode;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.org.RetainedVerdict;
import io.provisioner.steps.org.organization.OrganizationSpec.Member;
import io.provisioner.steps.org.organization.OrganizationSpec.Unit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;

/**
 * The AWS organization of seed 004 ("The Foundation: Multi-Account Strategy"): all features, the OU
 * tree (Security, Infrastructure, Development, Production...), member accounts placed in their OUs
 * and trusted access for the organization-wide services (GuardDuty, Security Hub, Config,
 * CloudTrail, RAM, Control Tower, Backup...). Runs in the management account ({@link
 * StepContext#target()}); Organizations is a global service.
 *
 * <p>Written on the resource kernel: the {@link OrganizationResource} (adopted, or created with
 * feature set ALL), a {@link UnitResource} per OU (parents first), an {@link AccountResource} per
 * member account (with its CreateAccount request, {@link AccountRequest}) and a {@link
 * TrustedAccessResource} per service principal. Checkpoints: {@code organizationId}, {@code
 * organizationArn}, {@code managementAccountId}, {@code rootId}, {@code ou.<Name>}, {@code
 * account.<name>}, {@code createAccountRequest.<name>} while an account is being created, and
 * {@code trustedAccess.<principal>} for the trusted access this step enabled. Publishes {@link
 * OrganizationOutputs}, built from what it found or created.
 *
 * <p><b>Rollback never closes an account</b> and never deletes the organization. In reverse order
 * it disables the trusted access this step enabled, and deletes the OUs it created (tagged with
 * this env), children first, once empty: the spec's accounts in them are parked at the root first;
 * an OU still holding anything else is kept.
 *
 * <p>Verify: MISSING when the caller belongs to no organization, or when none of the spec's OUs
 * exists (the state a rollback leaves: the organization and its accounts stay); otherwise the
 * loop's verdict: a missing OU, account or trusted access, an account in another OU, a feature set
 * other than ALL.
 */
public final class OrganizationStep extends ResourceStep {
  public static final String ID = "org.organization";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<OrganizationOutputs> OUTPUTS = OutputRef.of(ID, OrganizationOutputs.class);

  private final OrganizationSpec spec;

  public OrganizationStep(OrganizationSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public OrganizationSpec spec() {
    return spec;
  }

  /**
   * ListRoots answers every caller: the roots inside an organization, {@code
   * AWSOrganizationsNotInUseException} (HTTP 400) outside one, so only an emulator without
   * Organizations makes it fail with 404/501.
   */
  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("organizations", ctx -> {
      try {
        ctx.clients().get(OrganizationsClient.class).listRoots(r -> r.maxResults(1));
      } catch (OrganizationsException e) {
        if (!AwsErrors.hasCode(e, OrganizationResource.NOT_IN_USE)) {
          throw e;
        }
      }
    }));
  }

  @Override
  protected void reconcile(Reconciler loop) {
    declare(loop);
  }

  @Override
  public Verification verify(StepContext ctx) {
    Reconciler loop = Reconciler.of(ctx, ID, Mode.VERIFY);
    Map<String, String> units = declare(loop);
    return RetainedVerdict.of(loop.verification(), spec.units().isEmpty() || !units.isEmpty());
  }

  /** Declares the resources and publishes the outputs; returns the OUs found, name to id. */
  private Map<String, String> declare(Reconciler loop) {
    StepContext ctx = loop.context();
    Optional<OrganizationResource.Live> found = loop.ensure(new OrganizationResource(ctx, spec));
    if (found.isEmpty()) {
      return Map.of();
    }
    String rootId = found.get().rootId();
    Map<String, String> units = new LinkedHashMap<>();
    Set<String> memberIds = new HashSet<>();
    for (Unit unit : spec.unitsParentFirst()) {
      String parentId = OrganizationSpec.ROOT.equals(unit.parent()) ? rootId : units.get(unit.parent());
      loop.ensure(new UnitResource(ctx, unit, parentId, rootId, memberIds))
          .ifPresent(ou -> units.put(unit.name(), ou.id()));
    }
    Function<String, String> parentName = id -> id.equals(rootId) ? OrganizationSpec.ROOT
        : units.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst().orElse(id);
    boolean converging = loop.mode() == Mode.CONVERGE;
    Map<String, String> accounts = new LinkedHashMap<>();
    for (Member member : spec.accounts()) {
      loop.ensure(new AccountResource(ctx, member, units.get(member.ou()), parentName, converging))
          .ifPresent(account -> {
            accounts.put(member.name(), account.id());
            memberIds.add(account.id());
          });
      if (converging) {
        new AccountRequest(ctx, member).forget(); // the account id is recorded now
      }
    }
    spec.trustedServices().forEach(principal -> loop.ensure(new TrustedAccessResource(ctx, principal)));
    Organization organization = found.get().organization();
    loop.publish(new OrganizationOutputs(organization.id(), organization.arn(), rootId,
        organization.masterAccountId(), units, accounts));
    return units;
  }
}
