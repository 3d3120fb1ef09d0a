package io.provisioner.steps.security.iam;

import io.provisioner.steps.StepException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** The EC2 instance profile and the one role it carries. */
final class InstanceProfiles {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceProfiles.class);
  static final String CHECKPOINT_PREFIX = "instance-profile";

  private final IamContext c;

  InstanceProfiles(IamContext c) {
    this.c = c;
  }

  static String checkpointKey(String logical) {
    return CHECKPOINT_PREFIX + "." + logical + ".arn";
  }

  static String tagKey(String logical) {
    return "instance-profile/" + logical;
  }

  Optional<InstanceProfile> read(String name) {
    return c.find("read instance profile " + name,
        () -> c.iam().getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile());
  }

  /** GetInstanceProfile carries the tags (moto 5.2.1 does not implement ListInstanceProfileTags). */
  private static List<Tag> tagsOf(InstanceProfile profile) {
    return profile.hasTags() ? profile.tags() : List.of();
  }

  /** Creates or adopts the profile, checkpoints its ARN, tags it and makes it carry the spec's role. */
  void converge(IamSpec.InstanceProfile spec) {
    String name = c.naming().physical(spec.name());
    String roleName = c.naming().physical(spec.role());
    IamContext.Outcome<InstanceProfile> outcome = c.findOrCreate("instance profile " + name,
        () -> c.iam().getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile(),
        () -> c.iam().createInstanceProfile(r -> r.instanceProfileName(name).path(c.naming().path())
            .tags(c.tagsFor(tagKey(spec.name())))).instanceProfile());
    InstanceProfile profile = outcome.resource();
    c.checkpoints().put(checkpointKey(spec.name()), profile.arn());
    if (outcome.created()) {
      LOG.info("created instance profile [instanceProfile={}, arn={}]", name, profile.arn());
    } else {
      if (!c.naming().path().equals(profile.path())) {
        throw new StepException("security.iam: instance profile " + name + " exists with path " + profile.path()
            + " but spec field 'path' is " + c.naming().path() + "; restore the path in the profile, or delete"
            + " the instance profile so it is created again");
      }
      List<Tag> tags = c.tagsToApply(tagKey(spec.name()), tagsOf(profile));
      if (!tags.isEmpty()) {
        c.change("tag instance profile " + name,
            () -> c.iam().tagInstanceProfile(r -> r.instanceProfileName(name).tags(tags)));
        LOG.info("tagged instance profile [instanceProfile={}, tags={}]", name, tags.size());
      }
    }
    boolean carried = false;
    for (Role role : profile.roles()) {
      if (role.roleName().equals(roleName)) {
        carried = true;
      } else {
        c.change("remove role " + role.roleName() + " from instance profile " + name,
            () -> c.iam().removeRoleFromInstanceProfile(r -> r.instanceProfileName(name).roleName(role.roleName())));
        LOG.info("removed role not in the spec [instanceProfile={}, role={}]", name, role.roleName());
      }
    }
    if (!carried) {
      c.change("add role " + roleName + " to instance profile " + name,
          () -> c.iam().addRoleToInstanceProfile(r -> r.instanceProfileName(name).roleName(roleName)));
      LOG.info("added role [instanceProfile={}, role={}]", name, roleName);
    }
  }

  List<String> differences(IamSpec.InstanceProfile spec) {
    String name = c.naming().physical(spec.name());
    String roleName = c.naming().physical(spec.role());
    String what = "instance profile " + name;
    Optional<InstanceProfile> found = read(name);
    if (found.isEmpty()) {
      return List.of(what + " is missing");
    }
    InstanceProfile profile = found.get();
    List<String> differences = new ArrayList<>();
    if (!c.naming().path().equals(profile.path())) {
      differences.add(what + ": path is " + profile.path() + ", expected " + c.naming().path());
    }
    differences.addAll(c.tagDifferences(what, tagKey(spec.name()), tagsOf(profile)));
    List<String> carried = profile.roles().stream().map(Role::roleName).toList();
    if (!carried.contains(roleName)) {
      differences.add(what + " does not carry role " + roleName);
    }
    carried.stream().filter(r -> !r.equals(roleName))
        .forEach(r -> differences.add(what + " carries role " + r + ", which is not in the spec"));
    return differences;
  }

  boolean exists(String logical) {
    return read(c.naming().physical(logical)).isPresent();
  }

  /** Removes the roles from the profile, then deletes it; "not found" is done. */
  void delete(String logical) {
    String name = c.naming().physical(logical);
    Optional<InstanceProfile> found = read(name);
    if (found.isPresent()) {
      for (Role role : found.get().roles()) {
        c.delete("remove role " + role.roleName() + " from instance profile " + name, Set.of(),
            () -> c.iam().removeRoleFromInstanceProfile(r -> r.instanceProfileName(name).roleName(role.roleName())));
      }
      if (c.delete("delete instance profile " + name, IamContext.STILL_ATTACHED,
          () -> c.iam().deleteInstanceProfile(r -> r.instanceProfileName(name)))) {
        LOG.info("deleted instance profile [instanceProfile={}]", name);
      }
    }
    c.checkpoints().remove(checkpointKey(logical));
  }
}
