package io.provisioner.steps.security.iam;

import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

/** The EC2 instance profile and the one role it carries. Recorded as {@code instance-profile.<name>.arn}. */
final class InstanceProfileResource extends IamEntity<InstanceProfile> {
  static final String KIND = "instance-profile";

  /** The physical name of the role it carries; null for a leftover. */
  private final String roleName;

  private InstanceProfileResource(IamContext c, String logical, String roleName) {
    super(c, KIND, "instance profile", logical);
    this.roleName = roleName;
  }

  static InstanceProfileResource of(IamContext c, IamSpec.InstanceProfile spec) {
    return new InstanceProfileResource(c, spec.name(), c.naming().physical(spec.role()));
  }

  static InstanceProfileResource leftover(IamContext c, String logical) {
    return new InstanceProfileResource(c, logical, null);
  }

  @Override
  public Optional<InstanceProfile> read(String arn) {
    return Optional.of(iam.getInstanceProfile(r -> r.instanceProfileName(nameOf(arn))).instanceProfile());
  }

  @Override
  public Optional<InstanceProfile> lookup() {
    return Optional.of(iam.getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile());
  }

  @Override
  public InstanceProfile create() {
    return iam.createInstanceProfile(r -> r.instanceProfileName(name).path(c.naming().path())
        .tags(c.tagsFor(key()))).instanceProfile();
  }

  @Override
  public String id(InstanceProfile profile) {
    return profile.arn();
  }

  /** GetInstanceProfile carries the tags (moto 5.2.1 has no ListInstanceProfileTags) and the roles. */
  @Override
  public List<Setting<InstanceProfile>> settings() {
    if (roleName == null) {
      return List.of();
    }
    return List.of(
        Setting.fixed("path", InstanceProfile::path, c.naming().path(), "IAM cannot move instance profile " + name
            + " to another path: restore security.iam.path in the profile, or delete the instance profile so it "
            + "is created again"),
        c.tagSetting(key(), InstanceProfile::tags,
            (profile, tags) -> iam.tagInstanceProfile(r -> r.instanceProfileName(name).tags(tags))),
        new CarriedRole());
  }

  /** Removes the roles it carries, then deletes it. */
  @Override
  public void delete(InstanceProfile profile) {
    String profileName = profile.instanceProfileName();
    for (Role role : profile.roles()) {
      unlessGone(() -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(profileName)
          .roleName(role.roleName())));
    }
    iam.deleteInstanceProfile(r -> r.instanceProfileName(profileName));
  }

  /** It carries the spec's role and no other (a profile holds at most one). */
  private final class CarriedRole implements Setting<InstanceProfile> {
    @Override
    public List<String> differences(InstanceProfile profile) {
      List<String> differences = new ArrayList<>();
      if (!carries(profile)) {
        differences.add("does not carry role " + roleName);
      }
      others(profile).forEach(other -> differences.add("carries role " + other + ", which is not in the spec"));
      return differences;
    }

    @Override
    public void apply(InstanceProfile profile) {
      others(profile).forEach(other -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(name)
          .roleName(other)));
      if (!carries(profile)) {
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName(name).roleName(roleName));
      }
    }

    private boolean carries(InstanceProfile profile) {
      return profile.roles().stream().anyMatch(r -> r.roleName().equals(roleName));
    }

    private List<String> others(InstanceProfile profile) {
      return profile.roles().stream().map(Role::roleName).filter(r -> !r.equals(roleName)).toList();
    }
  }
}
