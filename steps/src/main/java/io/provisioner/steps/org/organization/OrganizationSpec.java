package io.provisioner.steps.org.organization;

import io.provisioner.steps.spec.SpecCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The organization of seed 004 ("AWS Organizations Structure"): feature set, OU tree, member
 * accounts and the services trusted to work across the organization.
 *
 * @param featureSet must be {@code ALL} (SCPs and trusted access need it); {@code null} means ALL
 * @param units organizational units; each names its parent: {@code Root} or another unit
 * @param accounts member accounts, each placed in one unit
 * @param trustedServices service principals given trusted access, e.g. {@code guardduty.amazonaws.com}
 */
public record OrganizationSpec(
    String featureSet, List<Unit> units, List<Member> accounts, List<String> trustedServices) {

  /** The parent name that means the organization's root. */
  public static final String ROOT = "Root";

  /**
   * @param name OU name, unique in this spec (Organizations requires unique names per parent)
   * @param parent {@code Root} or the name of another unit; {@code null} means Root
   */
  public record Unit(String name, String parent) {
    public Unit {
      parent = parent == null || parent.isBlank() ? ROOT : parent;
      SpecCheck.of()
          .require(name != null && name.matches("[\\s\\S]{1,128}") && !name.isBlank(), "name",
              "must be 1-128 characters")
          .require(!ROOT.equals(name), "name", "Root is the organization's root; choose another name")
          .done();
    }
  }

  /**
   * @param name account name (also its logical name in outputs: {@code account.<name>})
   * @param email root user email; unique across the organization and all of AWS
   * @param ou the unit the account belongs in
   * @param roleName role created in the account that the management account may assume; {@code
   *     null} means {@code OrganizationAccountAccessRole}
   */
  public record Member(String name, String email, String ou, String roleName) {
    public static final String DEFAULT_ROLE = "OrganizationAccountAccessRole";

    public Member {
      roleName = roleName == null || roleName.isBlank() ? DEFAULT_ROLE : roleName;
      SpecCheck.of()
          .require(name != null && name.matches("[ -~]{1,50}") && !name.isBlank(), "name",
              "must be 1-50 printable ASCII characters")
          .require(email != null && email.matches("[^\\s@]+@[^\\s@]+\\.[^\\s@]+") && email.length() <= 64,
              "email", "must be an email address of at most 64 characters")
          .notBlank(ou, "ou")
          .require(roleName.matches("[\\w+=,.@-]{1,64}"), "roleName", "must be a valid IAM role name")
          .done();
    }
  }

  public OrganizationSpec {
    featureSet = featureSet == null || featureSet.isBlank() ? "ALL" : featureSet;
    units = units == null ? List.of() : List.copyOf(units);
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    trustedServices = trustedServices == null ? List.of() : List.copyOf(trustedServices);

    SpecCheck check = SpecCheck.of()
        .require("ALL".equals(featureSet), "featureSet",
            featureSet + " is not supported; use ALL (SCPs and trusted service access need all features)");

    Map<String, String> parentOf = new LinkedHashMap<>();
    for (int i = 0; i < units.size(); i++) {
      Unit u = units.get(i);
      check.notNull(u, "units[" + i + "]");
      if (u != null && parentOf.putIfAbsent(u.name(), u.parent()) != null) {
        check.require(false, "units[" + i + "].name", "'" + u.name() + "' is listed twice; unit names must be unique");
      }
    }
    for (int i = 0; i < units.size(); i++) {
      Unit u = units.get(i);
      if (u != null && !ROOT.equals(u.parent()) && !parentOf.containsKey(u.parent())) {
        check.require(false, "units[" + i + "].parent",
            "'" + u.parent() + "' is neither Root nor a unit of this spec");
      }
    }
    for (String cycle : cycles(parentOf)) {
      check.require(false, "units", "the parents form a cycle: " + cycle);
    }

    Set<String> names = new HashSet<>();
    Set<String> emails = new HashSet<>();
    for (int i = 0; i < accounts.size(); i++) {
      Member m = accounts.get(i);
      check.notNull(m, "accounts[" + i + "]");
      if (m == null) {
        continue;
      }
      check.require(names.add(m.name()), "accounts[" + i + "].name", "'" + m.name() + "' is listed twice")
          .require(emails.add(m.email().toLowerCase(Locale.ROOT)), "accounts[" + i + "].email",
              "'" + m.email() + "' is used by another account; every account needs its own email")
          .require(parentOf.containsKey(m.ou()), "accounts[" + i + "].ou",
              "'" + m.ou() + "' is not a unit of this spec");
    }

    Set<String> services = new HashSet<>();
    for (int i = 0; i < trustedServices.size(); i++) {
      String p = trustedServices.get(i);
      check.require(p != null && p.matches("[a-z0-9.-]+\\.amazonaws\\.com"), "trustedServices[" + i + "]",
              "must be a service principal like guardduty.amazonaws.com")
          .require(p == null || services.add(p), "trustedServices[" + i + "]", "'" + p + "' is listed twice");
    }
    check.done();
  }

  /** The units parent-first (a unit always after its parent), in spec order otherwise. */
  public List<Unit> unitsParentFirst() {
    List<Unit> ordered = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    while (ordered.size() < units.size()) {
      for (Unit u : units) {
        if (!placed.contains(u.name()) && (ROOT.equals(u.parent()) || placed.contains(u.parent()))) {
          ordered.add(u);
          placed.add(u.name());
        }
      }
    }
    return ordered;
  }

  /** Each cycle once, as {@code A -> B -> A}. */
  private static List<String> cycles(Map<String, String> parentOf) {
    List<String> result = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (String start : parentOf.keySet()) {
      Map<String, Integer> seen = new HashMap<>();
      List<String> path = new ArrayList<>();
      String current = start;
      while (current != null && parentOf.containsKey(current) && !seen.containsKey(current)) {
        seen.put(current, path.size());
        path.add(current);
        current = parentOf.get(current);
      }
      if (current != null && seen.containsKey(current)) {
        List<String> loop = new ArrayList<>(path.subList(seen.get(current), path.size()));
        if (reported.addAll(loop)) {
          loop.add(current);
          result.add(String.join(" -> ", loop));
        }
      }
    }
    return result;
  }
}
