package io.provisioner.steps;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * The logical name of an IAM role of {@code security.iam.roles}, as another section names it (e.g.
 * {@code ecs-task} in {@code storage.ecr.pullPrincipals}). Written in YAML as the plain name.
 */
public record RoleRef(String name) implements NameRef {
  public static final String KIND = "role";

  /** Logical role names as {@code security.iam.roles} accepts them. */
  public static final String FORMAT = "[a-z0-9-]{1,40}";

  public RoleRef {
    Objects.requireNonNull(name, "name");
    if (!name.matches(FORMAT)) {
      throw new IllegalArgumentException("'" + name + "' must be the logical name of a security.iam role: 1-40 "
          + "lowercase letters, digits or -, e.g. ecs-task-execution");
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static RoleRef of(String name) {
    return new RoleRef(name);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @JsonValue
  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
