package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * {@code storage.ecr}: the private registry for the environment's Docker images (seed 000 §ECR).
 *
 * <p>Creates one repository, {@code <project>/<env>}, with
 *
 * <ul>
 *   <li>scanning on push;
 *   <li>tag mutability from {@link EcrSpec#immutableTags()};
 *   <li>encryption with the KMS key of {@code security.kms} ({@code keyArn}); encryption is fixed at
 *       creation, so a repository encrypted otherwise makes {@code create} fail with what to do;
 *   <li>a lifecycle policy: untagged images expire after {@link EcrSpec#untaggedExpiryDays()}, only
 *       the last {@link EcrSpec#keepLastImages()} images are kept;
 *   <li>a repository policy letting the roles of {@code security.iam} named in {@link
 *       EcrSpec#pullPrincipals()} pull and those in {@link EcrSpec#pushPrincipals()} push (no policy
 *       when none are named);
 *   <li>the common tags.
 * </ul>
 *
 * <p>Checkpoints and outputs: {@code repository.name}, {@code repository.arn}, {@code
 * repository.uri} (what {@code docker push} and task definitions use). The repository is found
 * again by its name, so a lost CreateRepository response is adopted on the next run.
 *
 * <p>Rollback deletes the repository with its lifecycle and repository policies. A repository
 * holding images is data: without {@link StepContext#deleteData()} it is kept and rollback fails
 * saying so; with it, the repository is deleted with its images. A missing repository is done.
 */
public final class EcrStep implements Step {
  public static final String ID = "storage.ecr";

  private final EcrSpec spec;

  public EcrStep(EcrSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of(DesiredRepository.KMS_STEP, DesiredRepository.IAM_STEP);
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
  public void create(StepContext ctx) {
    DesiredRepository desired = DesiredRepository.resolve(ctx, spec);
    new EcrRepository(ctx, desired.name()).converge(desired);
  }

  @Override
  public Verification verify(StepContext ctx) {
    return new EcrRepository(ctx, RepositoryName.of(ctx.project(), ctx.env()))
        .verify(() -> DesiredRepository.resolve(ctx, spec));
  }

  /** Needs no upstream output: it works from the name alone, also after {@code security.kms} was rolled back. */
  @Override
  public void rollback(StepContext ctx) {
    String name = RepositoryName.of(ctx.project(), ctx.env());
    new EcrRepository(ctx, name).rollback().ifPresent(kept -> {
      throw new StepException(kept);
    });
  }
}
