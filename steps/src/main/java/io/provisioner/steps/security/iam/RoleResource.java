package io.provisioner.steps.security.iam;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.support.PolicyJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * One service role: its path (fixed), trust policy, description and tags, the managed policies
 * attached to it and its inline policies. Recorded as {@code role.<name>.arn}.
 */
final class RoleResource extends IamEntity<Role> {
  static final String KIND = "role";

  /** Null for a leftover. */
  private final IamSpec.Role spec;

  private RoleResource(IamContext c, String logical, IamSpec.Role spec) {
    super(c, KIND, "role", logical);
    this.spec = spec;
  }

  static RoleResource of(IamContext c, IamSpec.Role spec) {
    return new RoleResource(c, spec.name(), spec);
  }

  static RoleResource leftover(IamContext c, String logical) {
    return new RoleResource(c, logical, null);
  }

  @Override
  public Optional<Role> read(String arn) {
    return Optional.of(iam.getRole(r -> r.roleName(nameOf(arn))).role());
  }

  @Override
  public Optional<Role> lookup() {
    return Optional.of(iam.getRole(r -> r.roleName(name)).role());
  }

  @Override
  public Role create() {
    return iam.createRole(r -> r.roleName(name).path(c.naming().path()).assumeRolePolicyDocument(trustPolicy())
        .description(spec.description()).tags(c.tagsFor(key()))).role();
  }

  @Override
  public String id(Role role) {
    return role.arn();
  }

  /** GetRole carries the trust policy, the description and the tags. */
  @Override
  public List<Setting<Role>> settings() {
    if (spec == null) {
      return List.of();
    }
    String trust = trustPolicy();
    return List.of(
        Setting.fixed("path", Role::path, c.naming().path(), "IAM cannot move role " + name + " to another path: "
            + "restore security.iam.path in the profile, or delete the role so it is created again"),
        new Setting<>() {
          @Override
          public List<String> differences(Role role) {
            String actual = role.assumeRolePolicyDocument();
            return actual != null && PolicyJson.same(actual, trust) ? List.of() : List.of("trust policy differs");
          }

          @Override
          public void apply(Role role) {
            iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(trust));
          }
        },
        Setting.of("description", Role::description, spec.description(),
            (role, value) -> iam.updateRole(r -> r.roleName(name).description(value))),
        c.tagSetting(key(), Role::tags, (role, tags) -> iam.tagRole(r -> r.roleName(name).tags(tags))),
        new ManagedPolicies(),
        new InlinePolicies());
  }

  /** Detaches its managed policies, deletes its inline ones, leaves its instance profiles, then goes. */
  @Override
  public void delete(Role role) {
    String roleName = role.roleName();
    attached(roleName).forEach(arn ->
        unlessGone(() -> iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(arn))));
    inlineNames(roleName).forEach(policy ->
        unlessGone(() -> iam.deleteRolePolicy(r -> r.roleName(roleName).policyName(policy))));
    for (InstanceProfile profile : iam.listInstanceProfilesForRolePaginator(r -> r.roleName(roleName))
        .instanceProfiles()) {
      unlessGone(() -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(profile.instanceProfileName())
          .roleName(roleName)));
    }
    iam.deleteRole(r -> r.roleName(roleName));
  }

  private String trustPolicy() {
    return TrustPolicy.forServices(spec.trustedServices(), c.naming().account());
  }

  private Set<String> attached(String roleName) {
    Set<String> arns = new TreeSet<>();
    iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies()
        .forEach(p -> arns.add(p.policyArn()));
    return arns;
  }

  private List<String> inlineNames(String roleName) {
    return iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames().stream().toList();
  }

  /** The managed policies of the spec, attached; any other detached. */
  private final class ManagedPolicies implements Setting<Role> {
    private final Set<String> wanted =
        new TreeSet<>(spec.managedPolicyArns().stream().map(c.naming()::render).toList());

    @Override
    public List<String> differences(Role role) {
      Set<String> actual = attached(name);
      List<String> differences = new ArrayList<>();
      missing(actual).forEach(arn -> differences.add("managed policy " + arn + " is not attached"));
      extra(actual).forEach(arn -> differences.add("managed policy " + arn + " is attached but not in the spec"));
      return differences;
    }

    @Override
    public void apply(Role role) {
      Set<String> actual = attached(name);
      for (String arn : missing(actual)) {
        requireExists(arn);
        iam.attachRolePolicy(r -> r.roleName(name).policyArn(arn));
      }
      extra(actual).forEach(arn -> iam.detachRolePolicy(r -> r.roleName(name).policyArn(arn)));
    }

    private List<String> missing(Set<String> actual) {
      return wanted.stream().filter(arn -> !actual.contains(arn)).toList();
    }

    private List<String> extra(Set<String> actual) {
      return actual.stream().filter(arn -> !wanted.contains(arn)).toList();
    }

    /**
     * AttachRolePolicy answers NoSuchEntity both for a policy that does not exist and for a role not
     * visible yet; reading the policy first keeps a typo in the spec from being retried as the latter.
     */
    private void requireExists(String arn) {
      try {
        iam.getPolicy(r -> r.policyArn(arn));
      } catch (NoSuchEntityException e) {
        throw new StepException("managed policy " + arn + " of role " + name + " does not exist; fix "
            + "security.iam.roles[" + logical + "].managedPolicyArns in the profile", e);
      }
    }
  }

  /** The inline policies of the spec, each with its rendered document; any other deleted. */
  private final class InlinePolicies implements Setting<Role> {
    private final Map<String, String> wanted = new LinkedHashMap<>();

    InlinePolicies() {
      spec.inlinePolicies().forEach(p -> wanted.put(p.name(), p.render(c.naming().placeholders())));
    }

    @Override
    public List<String> differences(Role role) {
      Map<String, String> actual = actual();
      List<String> differences = new ArrayList<>();
      changed(actual).forEach(p -> differences.add("inline policy " + p
          + (actual.containsKey(p) ? " differs" : " is missing")));
      extra(actual).forEach(p -> differences.add("inline policy " + p + " is not in the spec"));
      return differences;
    }

    @Override
    public void apply(Role role) {
      Map<String, String> actual = actual();
      changed(actual).forEach(p ->
          iam.putRolePolicy(r -> r.roleName(name).policyName(p).policyDocument(wanted.get(p))));
      extra(actual).forEach(p -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(p)));
    }

    /** The wanted policies that are missing or grant something else. */
    private List<String> changed(Map<String, String> actual) {
      return wanted.keySet().stream()
          .filter(p -> !actual.containsKey(p) || !PolicyJson.same(actual.get(p), wanted.get(p))).toList();
    }

    private List<String> extra(Map<String, String> actual) {
      return actual.keySet().stream().filter(p -> !wanted.containsKey(p)).toList();
    }

    /** The role's inline policies and their documents. */
    private Map<String, String> actual() {
      Map<String, String> documents = new LinkedHashMap<>();
      for (String policy : inlineNames(name)) {
        documents.put(policy, iam.getRolePolicy(r -> r.roleName(name).policyName(policy)).policyDocument());
      }
      return documents;
    }
  }
}
