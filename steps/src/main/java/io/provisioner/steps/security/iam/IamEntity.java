package io.provisioner.steps.security.iam;

import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * What the IAM entities of this step share: the name {@code <project>-<env>-<logical>} under the
 * spec's path, the ARN recorded as {@code <kind>.<logical>.arn}, the logical key {@code
 * <kind>/<logical>} (their {@code provisioner:key} tag and intent) and IAM's error codes. An entity
 * an earlier run recorded that the spec no longer names is a leftover: it has no settings and is
 * only ever deleted ({@link LeftTheSpec}).
 */
abstract class IamEntity<L> implements Resource<L> {
  /**
   * The codes of the Get, Create and Delete calls of roles, instance profiles, policies and groups
   * and of the calls on them (IAM API reference): NoSuchEntity is "not found", and also what IAM
   * answers for an entity created a moment ago; DeleteConflict is what a delete answers while a
   * detach or removal made a moment ago is not visible yet.
   */
  static final ErrorCodes ERRORS = ErrorCodes.notFound("NoSuchEntity").alreadyExists("EntityAlreadyExists")
      .notYetVisible("NoSuchEntity", "DeleteConflict");

  protected final IamContext c;
  protected final IamClient iam;
  protected final String logical;
  protected final String name;
  private final String kind;
  private final String noun;

  /**
   * @param kind the checkpoint prefix and key prefix, e.g. {@code instance-profile}
   * @param noun what it is called in messages, e.g. {@code instance profile}
   */
  IamEntity(IamContext c, String kind, String noun, String logical) {
    this.c = c;
    this.iam = c.iam();
    this.kind = kind;
    this.noun = noun;
    this.logical = logical;
    this.name = c.naming().physical(logical);
  }

  String logical() {
    return logical;
  }

  @Override
  public String key() {
    return kind + "/" + logical;
  }

  @Override
  public String idKey() {
    return kind + "." + logical + ".arn";
  }

  @Override
  public String description() {
    return noun + " " + name;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  /** The name in an IAM ARN: what follows the path, e.g. {@code p-e-app} of {@code arn:aws:iam::1:role/p/p-e-app}. */
  static String nameOf(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  /** A call of a delete whose target may be gone already (detached meanwhile): then there is nothing to do. */
  static void unlessGone(Runnable call) {
    try {
      call.run();
    } catch (SdkException e) {
      if (!ERRORS.isNotFound(e)) {
        throw e;
      }
    }
  }
}
