package io.provisioner.steps;

/**
 * A reference by name, in one section of the profile, to something another section defines (an
 * IAM role of {@code security.iam.roles}...). The profile loader resolves every reference before
 * any AWS call and reports one that names nothing, with its path and the names defined.
 */
public interface NameRef {

  /** What kind of name it is, e.g. {@code role}; matched against {@link StepDefinition.DefinedNames#kind()}. */
  String kind();

  String name();
}
