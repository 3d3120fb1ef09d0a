package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.OutputRef;
import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.ResourceStep;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * {@code storage.ecr}: the private registry for the environment's Docker images (seed 000 §ECR).
 *
 * <p>One repository, {@code <project>/<env>} ({@link RepositoryResource}), with
 *
 * <ul>
 *   <li>scanning on push;
 *   <li>tag mutability from {@link EcrSpec#immutableTags()};
 *   <li>encryption with the key {@code security.kms} publishes; encryption is fixed at creation,
 *       so a repository encrypted otherwise makes {@code create} fail with what to do;
 *   <li>a lifecycle policy: untagged images expire after {@link EcrSpec#untaggedExpiryDays()}, only
 *       the last {@link EcrSpec#keepLastImages()} images are kept;
 *   <li>a repository policy letting the roles of {@code security.iam} named in {@link
 *       EcrSpec#pullPrincipals()} pull and those in {@link EcrSpec#pushPrincipals()} push (no policy
 *       when none are named);
 *   <li>the common tags.
 * </ul>
 *
 * <p>Checkpoints: {@code repository.name}, {@code repository.arn}, {@code repository.uri}. Publishes
 * {@link EcrOutputs}. Rollback deletes the repository with its policies; one holding images is
 * data: without {@link StepContext#deleteData()} it is kept and rollback fails saying so. Rollback
 * reads no upstream output, so it works after {@code security.kms} was rolled back.
 */
public final class EcrStep extends ResourceStep {
  public static final String ID = "storage.ecr";
  /** What this step publishes, for the steps that read it. */
  public static final OutputRef<EcrOutputs> OUTPUTS = OutputRef.of(ID, EcrOutputs.class);

  private final EcrSpec spec;

  public EcrStep(EcrSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  /** The KMS key; the roles of {@code security.iam} only when the spec names some. */
  @Override
  public List<OutputRef<?>> references() {
    return namesRoles(spec) ? List.of(KmsStep.OUTPUTS, IamStep.OUTPUTS) : List.of(KmsStep.OUTPUTS);
  }

  static boolean namesRoles(EcrSpec spec) {
    return !spec.pullPrincipals().isEmpty() || !spec.pushPrincipals().isEmpty();
  }

  @Override
  public EcrSpec spec() {
    return spec;
  }

  @Override
  public List<ServiceProbe> probes() {
    return List.of(new ServiceProbe("ecr",
        ctx -> ctx.clients().get(EcrClient.class).describeRepositories(r -> r.maxResults(1))));
  }

  @Override
  protected void reconcile(Reconciler loop) {
    loop.ensure(new RepositoryResource(loop.context(), spec)).map(RepositoryResource.Live::repository).ifPresent(
        repo -> loop.publish(new EcrOutputs(repo.repositoryName(), repo.repositoryArn(), repo.repositoryUri())));
  }
}
