package io.provisioner.steps.org.organization;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import io.provisioner.steps.org.organization.OrganizationSpec.Unit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.Tag;

/**
 * One OU of the spec, under its parent. Names are unique per parent, so it is found by name there;
 * an OU cannot be moved, so a recorded one under another parent is a difference to resolve by hand.
 * A new OU gets this environment's tags, an adopted one stays untagged: the tags are how rollback
 * tells the OUs it created from those it only adopted.
 *
 * <p>Rollback deletes only an OU this step created, and only once it is empty: Organizations
 * deletes no other. It first moves the spec's member accounts in it back to the root (the one move
 * a rollback makes: the account is parked, never closed); an OU still holding anything else is kept.
 */
final class UnitResource implements Resource<OrganizationalUnit> {
  private static final Logger LOG = LoggerFactory.getLogger(UnitResource.class);
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("OrganizationalUnitNotFoundException")
      .alreadyExists("DuplicateOrganizationalUnitException")
      .notYetVisible("ParentNotFoundException", "ChildNotFoundException");

  private final StepContext ctx;
  private final OrganizationsClient org;
  private final Unit unit;
  private final String parentId;
  private final String rootId;
  private final Collection<String> memberIds;

  /**
   * @param parentId the id of the parent OU or root; null when the parent does not exist (verify and rollback)
   * @param memberIds ids of the spec's member accounts, filled as they are found; read only by {@link #delete}
   */
  UnitResource(StepContext ctx, Unit unit, String parentId, String rootId, Collection<String> memberIds) {
    this.ctx = ctx;
    this.org = ctx.clients().get(OrganizationsClient.class);
    this.unit = unit;
    this.parentId = parentId;
    this.rootId = rootId;
    this.memberIds = memberIds;
  }

  /** The {@code provisioner:key} tag of the OU. */
  @Override
  public String key() {
    return "ou/" + unit.name();
  }

  @Override
  public String idKey() {
    return "ou." + unit.name();
  }

  @Override
  public String description() {
    return "OU " + unit.name() + " under " + unit.parent();
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<OrganizationalUnit> read(String ouId) {
    return Optional.of(org.describeOrganizationalUnit(r -> r.organizationalUnitId(ouId)).organizationalUnit());
  }

  @Override
  public Optional<OrganizationalUnit> lookup() {
    if (parentId == null) {
      return Optional.empty();
    }
    return org.listOrganizationalUnitsForParentPaginator(r -> r.parentId(parentId)).stream()
        .flatMap(p -> p.organizationalUnits().stream())
        .filter(ou -> unit.name().equals(ou.name())).findFirst();
  }

  @Override
  public OrganizationalUnit create() {
    return org.createOrganizationalUnit(r -> r.parentId(parentId).name(unit.name())
        .tags(Tags.to(ctx.tags().forKey(key()), (k, v) -> Tag.builder().key(k).value(v).build()))).organizationalUnit();
  }

  @Override
  public String id(OrganizationalUnit ou) {
    return ou.id();
  }

  @Override
  public List<Setting<OrganizationalUnit>> settings() {
    List<Setting<OrganizationalUnit>> settings = new ArrayList<>();
    settings.add(Setting.of("name", OrganizationalUnit::name, unit.name(),
        (ou, name) -> org.updateOrganizationalUnit(r -> r.organizationalUnitId(ou.id()).name(name))));
    if (parentId != null) {
      settings.add(Setting.fixed("parent", ou -> parentOf(org, ou.id()), parentId, "Organizations cannot move an "
          + "OU; put its parent back in the profile, or empty and delete the OU so the next run creates it anew"));
    }
    return settings;
  }

  @Override
  public void delete(OrganizationalUnit ou) {
    if (!createdHere(ou)) {
      LOG.info("keeping OU this step adopted but did not create [name={}] [id={}]", unit.name(), ou.id());
      return;
    }
    List<String> accounts = children(ou, ChildType.ACCOUNT);
    accounts.stream().filter(memberIds::contains).forEach(accountId -> park(accountId, ou));
    if (!memberIds.containsAll(accounts) || !children(ou, ChildType.ORGANIZATIONAL_UNIT).isEmpty()) {
      LOG.warn("keeping OU: it still holds accounts or OUs this step does not manage [name={}] [id={}]",
          unit.name(), ou.id());
      return;
    }
    try {
      org.deleteOrganizationalUnit(r -> r.organizationalUnitId(ou.id()));
    } catch (OrganizationsException e) {
      if (!AwsErrors.hasCode(e, "OrganizationalUnitNotEmptyException")) {
        throw e;
      }
      LOG.warn("keeping OU: not empty [name={}] [id={}]", unit.name(), ou.id());
    }
  }

  /** The id of the OU or root directly above an account or OU. */
  static String parentOf(OrganizationsClient org, String childId) {
    return org.listParents(r -> r.childId(childId)).parents().get(0).id();
  }

  /** Tagged with this environment's tags for this OU: created by this step, not adopted. */
  private boolean createdHere(OrganizationalUnit ou) {
    return ctx.tags().matches(Tags.from(org.listTagsForResourcePaginator(r -> r.resourceId(ou.id())).stream()
        .flatMap(p -> p.tags().stream()).toList(), Tag::key, Tag::value), key());
  }

  private List<String> children(OrganizationalUnit ou, ChildType type) {
    return org.listChildrenPaginator(r -> r.parentId(ou.id()).childType(type)).stream()
        .flatMap(p -> p.children().stream()).map(c -> c.id()).toList();
  }

  /** Organizations deletes only empty OUs: the account goes back to the root, and is kept. */
  private void park(String accountId, OrganizationalUnit ou) {
    try {
      org.moveAccount(r -> r.accountId(accountId).sourceParentId(ou.id()).destinationParentId(rootId));
    } catch (OrganizationsException e) {
      if (!AwsErrors.hasCode(e, "DuplicateAccountException")) {
        throw e;
      }
    }
    LOG.info("moved account to the root so its OU can be deleted; the account itself is kept [account={}] [ou={}]",
        accountId, unit.name());
  }
}
