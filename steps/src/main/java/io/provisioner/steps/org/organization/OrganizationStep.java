package io.provisioner.steps.org.organization;

import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.org.organization.OrganizationSpec.Member;
import io.provisioner.steps.org.organization.OrganizationSpec.Unit;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.Tag;

/**
 * The AWS organization of seed 004 ("The Foundation: Multi-Account Strategy"): all features, the OU
 * tree (Security, Infrastructure, Development, Production...), member accounts placed in their OUs
 * and trusted access for the organization-wide services (GuardDuty, Security Hub, Config,
 * CloudTrail, RAM, Control Tower, Backup...). Runs in the management account ({@link
 * StepContext#target()}); Organizations is a global service.
 *
 * <p>Create adopts what exists: the caller's organization (or creates one with feature set ALL),
 * OUs by name under their parent, accounts by email. New OUs and accounts get the common tags;
 * adopted ones are left untagged, which is how rollback tells them apart. CreateAccount is polled
 * until the account is ready, with its request id checkpointed first (see {@link AccountFactory}).
 *
 * <p>Checkpoints (outputs): {@code organizationId}, {@code organizationArn}, {@code
 * managementAccountId}, {@code rootId}, {@code ou.<Name>}, {@code account.<name>}, and {@code
 * trustedAccess.<principal>} for the trusted access this step enabled.
 *
 * <p><b>Rollback never closes an account</b>: closing an AWS account is irreversible and
 * locks its email, so member accounts always outlive a rollback. Neither is the organization
 * deleted (it cannot be while it has members, and it is what the management account is for).
 * Rollback:
 *
 * <ol>
 *   <li>disables the trusted access this step enabled, nothing else;
 *   <li>moves the spec's accounts that sit in an OU this step created back to the root, because
 *       Organizations deletes only empty OUs (this is the one move rollback makes: it parks the
 *       account, it does not close or detach it; accounts in adopted OUs are not moved);
 *   <li>deletes the OUs this step created (tagged with this env), children first, when empty;
 *       an OU still holding something else (a foreign account or OU) is kept and logged.
 * </ol>
 *
 * <p>Verify: MISSING when the caller belongs to no organization, or when none of the spec's OUs
 * exists (which is the state rollback leaves: organization and accounts stay, the units are gone);
 * DRIFTED for a missing OU or account, an account in the wrong OU, a trusted service without
 * access or a feature set other than ALL; IN_SYNC otherwise.
 */
public final class OrganizationStep implements Step {
  public static final String ID = "org.organization";
  /** What this step publishes, for the steps that read it. */
  public static final io.provisioner.steps.OutputRef<OrganizationOutputs> OUTPUTS =
      io.provisioner.steps.OutputRef.of(ID, OrganizationOutputs.class);

  private static final Logger LOG = LoggerFactory.getLogger(OrganizationStep.class);
  private static final String TRUSTED = "trustedAccess.";

  private final OrganizationSpec spec;

  public OrganizationStep(OrganizationSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of();
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
        client(ctx).listRoots(r -> r.maxResults(1));
      } catch (OrganizationsException e) {
        if (!AwsErrors.hasCode(e, OrgReads.NOT_IN_USE)) {
          throw e;
        }
      }
    }));
  }

  static String unitKey(String name) {
    return "ou." + name;
  }

  /** The logical key in the {@code provisioner:key} tag of an OU. */
  static String unitTagKey(String name) {
    return "ou/" + name;
  }

  @Override
  public void create(StepContext ctx) {
    OrganizationsClient org = client(ctx);
    OrgReads reads = new OrgReads(org);
    ensureOrganization(ctx, org, reads);
    String rootId = reads.rootId();
    record(ctx, "rootId", rootId);

    Map<String, String> unitIds = new LinkedHashMap<>();
    for (Unit unit : spec.unitsParentFirst()) {
      String parentId = OrganizationSpec.ROOT.equals(unit.parent()) ? rootId : unitIds.get(unit.parent());
      String id = reads.unit(parentId, unit.name()).map(OrganizationalUnit::id)
          .orElseGet(() -> createUnit(ctx, org, reads, parentId, unit));
      unitIds.put(unit.name(), id);
      record(ctx, unitKey(unit.name()), id);
    }

    AccountFactory accounts = new AccountFactory(ctx, org, reads);
    for (Member member : spec.accounts()) {
      String accountId = accounts.ensure(member);
      place(org, reads, member, accountId, unitIds.get(member.ou()));
    }

    ensureTrustedAccess(ctx, org, reads);
    ctx.publish(OrganizationOutputs.of(ctx.checkpoints().all()));
  }

  @Override
  public Verification verify(StepContext ctx) {
    OrgReads reads = new OrgReads(client(ctx));
    Optional<Organization> organization = reads.organization();
    if (organization.isEmpty()) {
      return Verification.missing("the management account belongs to no organization");
    }
    List<String> differences = new ArrayList<>();
    if (organization.get().featureSet() != OrganizationFeatureSet.ALL) {
      differences.add("feature set is " + organization.get().featureSetAsString() + ", expected ALL");
    }
    String rootId = reads.rootId();
    Map<String, String> unitIds = new LinkedHashMap<>();
    for (Unit unit : spec.unitsParentFirst()) {
      String parentId = OrganizationSpec.ROOT.equals(unit.parent()) ? rootId : unitIds.get(unit.parent());
      Optional<OrganizationalUnit> found = parentId == null ? Optional.empty() : reads.unit(parentId, unit.name());
      if (found.isPresent()) {
        unitIds.put(unit.name(), found.get().id());
      } else {
        differences.add("OU " + unit.name() + " is missing under " + unit.parent());
      }
    }
    if (!spec.units().isEmpty() && unitIds.isEmpty()) {
      return Verification.missing("none of the OUs exists (" + String.join(", ", names(spec.units()))
          + "); the organization " + organization.get().id() + " and its accounts are kept by design");
    }
    for (Member member : spec.accounts()) {
      Optional<Account> account = reads.accountByEmail(member.email());
      if (account.isEmpty()) {
        differences.add("account " + member.name() + " <" + member.email() + "> is missing");
        continue;
      }
      String expected = unitIds.get(member.ou());
      String actual = reads.parentOf(account.get().id());
      if (expected != null && !expected.equals(actual)) {
        differences.add("account " + member.name() + " (" + account.get().id() + ") is in OU "
            + nameOf(actual, rootId, unitIds) + ", expected OU " + member.ou());
      }
    }
    Set<String> trusted = new HashSet<>(reads.trustedServices());
    for (String principal : spec.trustedServices()) {
      if (!trusted.contains(principal)) {
        differences.add("trusted access for " + principal + " is disabled");
      }
    }
    return Verification.of(differences);
  }

  @Override
  public void rollback(StepContext ctx) {
    OrganizationsClient org = client(ctx);
    OrgReads reads = new OrgReads(org);
    Checkpoints cp = ctx.checkpoints();
    Optional<Organization> organization = reads.organization();
    if (organization.isEmpty()) {
      LOG.info("no organization; nothing to roll back [step={}]", ID);
      return;
    }

    String pendingTrusted = Checkpoints.intentKey(TRUSTED);
    for (String key : new ArrayList<>(cp.all().keySet())) {
      // recorded, or attempted (intent) with the response lost: either way this step enabled it
      String principal = key.startsWith(TRUSTED) ? key.substring(TRUSTED.length())
          : key.startsWith(pendingTrusted) ? key.substring(pendingTrusted.length()) : null;
      if (principal != null) {
        org.disableAWSServiceAccess(r -> r.servicePrincipal(principal));
        cp.remove(key);
        LOG.info("disabled trusted access this step had enabled [service={}]", principal);
      }
    }

    String rootId = reads.rootId();
    Map<String, String> ours = unitsCreatedHere(ctx, reads, rootId);

    for (Member member : spec.accounts()) {
      Optional<String> accountId = cp.get(AccountFactory.accountKey(member.name()))
          .or(() -> reads.accountByEmail(member.email()).map(Account::id));
      if (accountId.isPresent()) {
        parkAtRoot(org, reads, member, accountId.get(), rootId, ours);
      }
      cp.remove(AccountFactory.accountKey(member.name()));
    }

    List<Unit> units = new ArrayList<>(spec.unitsParentFirst());
    Collections.reverse(units);
    for (Unit unit : units) {
      String id = ours.get(unit.name());
      if (id != null) {
        deleteUnitIfEmpty(org, reads, unit, id);
      }
      cp.remove(unitKey(unit.name()));
    }
    LOG.info("kept the organization and its member accounts: accounts are never closed by a rollback "
        + "[organization={}, accounts={}]", organization.get().id(), spec.accounts().size());
  }

  // ---- create helpers

  private void ensureOrganization(StepContext ctx, OrganizationsClient org, OrgReads reads) {
    Organization organization = reads.organization().orElseGet(() -> {
      try {
        return org.createOrganization(r -> r.featureSet(OrganizationFeatureSet.ALL)).organization();
      } catch (OrganizationsException e) {
        if (AwsErrors.hasCode(e, "AlreadyInOrganizationException")) {
          return reads.organization().orElseThrow(() -> e);
        }
        throw new StepException("creating the organization: " + e.awsErrorDetails().errorMessage(), e);
      }
    });
    if (organization.featureSet() != OrganizationFeatureSet.ALL) {
      throw new StepException("featureSet: organization " + organization.id() + " has feature set "
          + organization.featureSetAsString() + ", the spec needs ALL; this cannot be changed by the step: "
          + "run 'aws organizations enable-all-features', have every member account accept the handshake, "
          + "then run up again");
    }
    record(ctx, "organizationId", organization.id());
    record(ctx, "organizationArn", organization.arn());
    record(ctx, "managementAccountId", organization.masterAccountId());
  }

  private String createUnit(StepContext ctx, OrganizationsClient org, OrgReads reads, String parentId, Unit unit) {
    try {
      String id = org.createOrganizationalUnit(r -> r.parentId(parentId).name(unit.name())
          .tags(tags(ctx, unitTagKey(unit.name())))).organizationalUnit().id();
      reads.forgetUnits(parentId);
      LOG.info("created OU [name={}, id={}, parent={}]", unit.name(), id, unit.parent());
      return id;
    } catch (OrganizationsException e) {
      if (AwsErrors.hasCode(e, "DuplicateOrganizationalUnitException")) {
        reads.forgetUnits(parentId);
        return reads.unit(parentId, unit.name()).map(OrganizationalUnit::id).orElseThrow(() -> e);
      }
      throw new StepException("creating OU " + unit.name() + " under " + unit.parent() + ": "
          + e.awsErrorDetails().errorMessage(), e);
    }
  }

  private static void place(OrganizationsClient org, OrgReads reads, Member member, String accountId, String ouId) {
    String parent = reads.parentOf(accountId);
    if (!parent.equals(ouId)) {
      try {
        org.moveAccount(r -> r.accountId(accountId).sourceParentId(parent).destinationParentId(ouId));
      } catch (OrganizationsException e) {
        if (!AwsErrors.hasCode(e, "DuplicateAccountException")) {
          throw new StepException("moving account " + member.name() + " (" + accountId + ") to OU " + member.ou()
              + ": " + e.awsErrorDetails().errorMessage(), e);
        }
      }
      LOG.info("moved account into its OU [account={}, id={}, ou={}]", member.name(), accountId, member.ou());
    }
  }

  private void ensureTrustedAccess(StepContext ctx, OrganizationsClient org, OrgReads reads) {
    Checkpoints cp = ctx.checkpoints();
    Set<String> enabled = new HashSet<>(reads.trustedServices());
    for (String principal : spec.trustedServices()) {
      String key = TRUSTED + principal;
      if (enabled.contains(principal)) {
        if (cp.intent(key).isPresent()) {
          // our earlier call went through but its response was lost: it is ours to disable
          cp.put(key, "enabled");
          cp.clearIntent(key);
        }
        continue;
      }
      cp.putIntent(key, "enable");
      try {
        org.enableAWSServiceAccess(r -> r.servicePrincipal(principal));
      } catch (OrganizationsException e) {
        throw new StepException("enabling trusted access for " + principal + ": "
            + e.awsErrorDetails().errorMessage(), e);
      }
      cp.put(key, "enabled");
      cp.clearIntent(key);
      LOG.info("enabled trusted access [service={}]", principal);
    }
  }

  // ---- rollback helpers

  /** Name → id of the spec's OUs that exist and carry this env's tags (so were created by this step). */
  private Map<String, String> unitsCreatedHere(StepContext ctx, OrgReads reads, String rootId) {
    Map<String, String> existing = new LinkedHashMap<>();
    Map<String, String> ours = new LinkedHashMap<>();
    for (Unit unit : spec.unitsParentFirst()) {
      String parentId = OrganizationSpec.ROOT.equals(unit.parent()) ? rootId : existing.get(unit.parent());
      if (parentId == null) {
        continue;
      }
      reads.unit(parentId, unit.name()).ifPresent(ou -> {
        existing.put(unit.name(), ou.id());
        if (ctx.tags().matches(reads.tags(ou.id()), unitTagKey(unit.name()))) {
          ours.put(unit.name(), ou.id());
        } else {
          LOG.info("keeping OU this step adopted but did not create [name={}, id={}]", unit.name(), ou.id());
        }
      });
    }
    return ours;
  }

  private static void parkAtRoot(OrganizationsClient org, OrgReads reads, Member member, String accountId,
      String rootId, Map<String, String> ours) {
    String parent;
    try {
      parent = reads.parentOf(accountId);
    } catch (OrganizationsException e) {
      if (AwsErrors.isNotFound(e)) {
        return;
      }
      throw e;
    }
    if (ours.containsValue(parent)) {
      org.moveAccount(r -> r.accountId(accountId).sourceParentId(parent).destinationParentId(rootId));
      LOG.info("moved account to the root so its OU can be deleted; the account itself is kept "
          + "[account={}, id={}]", member.name(), accountId);
    }
  }

  private static void deleteUnitIfEmpty(OrganizationsClient org, OrgReads reads, Unit unit, String id) {
    try {
      if (!reads.isEmpty(id)) {
        LOG.warn("keeping OU: it still holds accounts or OUs this step does not manage [name={}, id={}]",
            unit.name(), id);
        return;
      }
      org.deleteOrganizationalUnit(r -> r.organizationalUnitId(id));
      LOG.info("deleted OU [name={}, id={}]", unit.name(), id);
    } catch (OrganizationsException e) {
      if (AwsErrors.isNotFound(e)) {
        return;
      }
      if (AwsErrors.hasCode(e, "OrganizationalUnitNotEmptyException")) {
        LOG.warn("keeping OU: not empty [name={}, id={}]", unit.name(), id);
        return;
      }
      throw new StepException("deleting OU " + unit.name() + " (" + id + "): " + e.awsErrorDetails().errorMessage(), e);
    }
  }

  // ---- small helpers

  private static OrganizationsClient client(StepContext ctx) {
    return ctx.clients().get(OrganizationsClient.class);
  }

  private static void record(StepContext ctx, String key, String value) {
    if (!ctx.checkpoints().get(key).filter(value::equals).isPresent()) {
      ctx.checkpoints().put(key, value);
    }
  }

  static List<Tag> tags(StepContext ctx, String logicalKey) {
    return ctx.tags().forKey(logicalKey).entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
  }

  private static List<String> names(List<Unit> units) {
    return units.stream().map(Unit::name).toList();
  }

  private static String nameOf(String parentId, String rootId, Map<String, String> unitIds) {
    if (parentId.equals(rootId)) {
      return "Root";
    }
    return unitIds.entrySet().stream().filter(e -> e.getValue().equals(parentId)).map(Map.Entry::getKey)
        .findFirst().orElse(parentId);
  }
}
