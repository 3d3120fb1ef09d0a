package io.provisioner.steps.org.organization;

import io.provisioner.steps.aws.AwsErrors;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.Tag;

/**
 * The read calls the organization step makes, each answering one question. Listings are cached for
 * the lifetime of one instance (one create, verify or rollback), so a converged environment costs
 * one listing per parent instead of one per unit.
 */
final class OrgReads {
  static final String NOT_IN_USE = "AWSOrganizationsNotInUseException";

  private final OrganizationsClient org;
  private final Map<String, List<OrganizationalUnit>> unitsByParent = new HashMap<>();
  private Map<String, Account> accountsByEmail;

  OrgReads(OrganizationsClient org) {
    this.org = org;
  }

  /** The organization of the caller's account, or empty when it belongs to none. */
  Optional<Organization> organization() {
    try {
      return Optional.of(org.describeOrganization().organization());
    } catch (OrganizationsException e) {
      if (AwsErrors.hasCode(e, NOT_IN_USE)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  String rootId() {
    return org.listRoots().roots().get(0).id();
  }

  /** The OU named {@code name} directly under {@code parentId}; names are unique per parent. */
  Optional<OrganizationalUnit> unit(String parentId, String name) {
    List<OrganizationalUnit> units = unitsByParent.computeIfAbsent(parentId, id ->
        org.listOrganizationalUnitsForParentPaginator(r -> r.parentId(id)).stream()
            .flatMap(p -> p.organizationalUnits().stream()).toList());
    return units.stream().filter(u -> name.equals(u.name())).findFirst();
  }

  /** Forgets the cached children of a parent after this instance changed them. */
  void forgetUnits(String parentId) {
    unitsByParent.remove(parentId);
  }

  /** The account with this email (case-insensitive), whatever its status. */
  Optional<Account> accountByEmail(String email) {
    if (accountsByEmail == null) {
      accountsByEmail = org.listAccountsPaginator().stream().flatMap(p -> p.accounts().stream())
          .collect(Collectors.toMap(a -> a.email().toLowerCase(Locale.ROOT), a -> a, (a, b) -> a));
    }
    return Optional.ofNullable(accountsByEmail.get(email.toLowerCase(Locale.ROOT)));
  }

  void forgetAccounts() {
    accountsByEmail = null;
  }

  /** The id of the OU or root directly above an account or OU. */
  String parentOf(String childId) {
    return org.listParents(r -> r.childId(childId)).parents().get(0).id();
  }

  /** The tags of an OU, account or policy. */
  Map<String, String> tags(String resourceId) {
    return org.listTagsForResourcePaginator(r -> r.resourceId(resourceId)).stream().flatMap(p -> p.tags().stream())
        .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
  }

  /** True when an OU holds no account and no OU. */
  boolean isEmpty(String ouId) {
    for (ChildType type : List.of(ChildType.ACCOUNT, ChildType.ORGANIZATIONAL_UNIT)) {
      if (!org.listChildren(r -> r.parentId(ouId).childType(type)).children().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** Service principals with trusted access to the organization. */
  List<String> trustedServices() {
    return org.listAWSServiceAccessForOrganizationPaginator().stream()
        .flatMap(p -> p.enabledServicePrincipals().stream())
        .map(p -> p.servicePrincipal()).toList();
  }
}
