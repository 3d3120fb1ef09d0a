package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.Verification;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.aws.Transient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.EncryptionConfiguration;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.Tag;

/**
 * The environment's one ECR repository, found by its unique name: creates, converges, checks and
 * deletes it. Everything but the encryption can be changed in place; encryption is fixed at
 * creation, so a repository encrypted otherwise than the spec asks is reported, never replaced.
 *
 * <p>A repository of that name is adopted (and tagged) when it carries no {@code provisioner:*}
 * tags, e.g. one made by hand or by a create whose response was lost; one tagged for another
 * environment, step or key is never touched.
 */
final class EcrRepository {
  /** The {@code provisioner:key} tag of the repository. */
  static final String LOGICAL_KEY = "repository";
  static final String NAME = "repository.name";
  static final String ARN = "repository.arn";
  static final String URI = "repository.uri";
  /** What to do when the encryption differs: it is fixed at creation. */
  static final String CANNOT_CHANGE_ENCRYPTION = "the encryption of a repository is set when it is created and "
      + "cannot change in place: delete the repository by hand (aws ecr delete-repository --force; its images "
      + "are lost and must be pushed again) and run 'up' to create it with the right key";

  private static final Logger LOG = LoggerFactory.getLogger(EcrRepository.class);
  private static final String REPOSITORY_NOT_FOUND = "RepositoryNotFoundException";
  private static final String REPOSITORY_NOT_EMPTY = "RepositoryNotEmptyException";
  private static final String LIFECYCLE_NOT_FOUND = "LifecyclePolicyNotFoundException";
  private static final String POLICY_NOT_FOUND = "RepositoryPolicyNotFoundException";
  /** A repository created a moment ago may not be visible to the next call yet. */
  private static final Set<String> NOT_YET_VISIBLE = Set.of(REPOSITORY_NOT_FOUND);
  /**
   * ECR rejects a policy naming a principal it does not know yet; a role {@code security.iam} made
   * a moment ago becomes known within seconds. The policy is rendered by this step from validated
   * names, so this is the only way it can be invalid.
   */
  private static final Set<String> PRINCIPAL_NOT_YET_VISIBLE = Set.of(REPOSITORY_NOT_FOUND, "InvalidParameterException");

  private final StepContext ctx;
  private final String name;
  private final EcrClient ecr;

  EcrRepository(StepContext ctx, String name) {
    this.ctx = ctx;
    this.name = name;
    this.ecr = ctx.clients().get(EcrClient.class);
  }

  // ---------------------------------------------------------------- create

  /** Adopts or creates the repository, records it, then converges it in place. */
  void converge(DesiredRepository desired) {
    try {
      List<String> changes = new ArrayList<>();
      Optional<Repository> found = describe();
      Repository repo = found.isPresent() ? found.get() : create(desired, changes);
      Map<String, String> tags = tagsOf(repo.repositoryArn());
      requireNotForeign(tags);
      record(repo);
      encryptionDifference(repo, desired).ifPresent(difference -> {
        throw new StepException("ECR repository " + name + ": " + difference + "; " + CANNOT_CHANGE_ENCRYPTION);
      });
      convergeScanning(repo, changes);
      convergeMutability(repo, desired, changes);
      convergeTags(repo.repositoryArn(), tags, changes);
      convergeLifecycle(desired.lifecycle(), changes);
      convergePolicy(desired.policy(), changes);
      if (!changes.isEmpty()) {
        LOG.info("converged repository [step={}] [name={}] [changes={}]", EcrStep.ID, name, String.join("; ", changes));
      } else {
        LOG.debug("repository in sync [step={}] [name={}]", EcrStep.ID, name);
      }
    } catch (SdkException e) {
      throw new StepException("converging ECR repository " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** Creates the repository with scanning, mutability, encryption and tags; "already exists" adopts it. */
  private Repository create(DesiredRepository desired, List<String> changes) {
    try {
      Repository repo = ecr.createRepository(b -> b
              .repositoryName(name)
              .imageScanningConfiguration(s -> s.scanOnPush(true))
              .imageTagMutability(mutability(desired))
              .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS).kmsKey(desired.kmsKeyArn()))
              .tags(ecrTags(ctx.tags().forKey(LOGICAL_KEY))))
          .repository();
      changes.add("created the repository");
      return repo;
    } catch (EcrException e) {
      if (!AwsErrors.isAlreadyExists(e)) {
        throw e;
      }
      changes.add("adopted the repository");
      return describe().orElseThrow(() -> new StepException(
          "ECR repository " + name + " was reported to exist but cannot be read; run 'up' again", e));
    }
  }

  private void convergeScanning(Repository repo, List<String> changes) {
    if (scanOnPush(repo)) {
      return;
    }
    onRepository("turn on scan on push", NOT_YET_VISIBLE, () -> ecr.putImageScanningConfiguration(b -> b
        .repositoryName(name).imageScanningConfiguration(s -> s.scanOnPush(true))));
    changes.add("turned on scan on push");
  }

  private void convergeMutability(Repository repo, DesiredRepository desired, List<String> changes) {
    ImageTagMutability expected = mutability(desired);
    if (expected.toString().equals(repo.imageTagMutabilityAsString())) {
      return;
    }
    onRepository("set tag mutability " + expected, NOT_YET_VISIBLE,
        () -> ecr.putImageTagMutability(b -> b.repositoryName(name).imageTagMutability(expected)));
    changes.add("set tag mutability " + expected + " (was " + repo.imageTagMutabilityAsString() + ")");
  }

  private void convergeTags(String arn, Map<String, String> actual, List<String> changes) {
    Map<String, String> missing = missingTags(actual);
    if (missing.isEmpty()) {
      return;
    }
    onRepository("tag the repository", NOT_YET_VISIBLE,
        () -> ecr.tagResource(b -> b.resourceArn(arn).tags(ecrTags(missing))));
    changes.add("set tags " + missing.keySet());
  }

  private void convergeLifecycle(LifecyclePolicy lifecycle, List<String> changes) {
    String actual = onRepository("read the lifecycle policy", NOT_YET_VISIBLE, this::lifecyclePolicyText);
    if (lifecycle.differences(actual).isEmpty()) {
      return;
    }
    onRepository("put the lifecycle policy", NOT_YET_VISIBLE,
        () -> ecr.putLifecyclePolicy(b -> b.repositoryName(name).lifecyclePolicyText(lifecycle.json())));
    changes.add(actual == null ? "put the lifecycle policy" : "replaced the lifecycle policy");
  }

  private void convergePolicy(Optional<RepositoryPolicy> policy, List<String> changes) {
    String actual = onRepository("read the repository policy", NOT_YET_VISIBLE, this::repositoryPolicyText);
    if (policy.isEmpty()) {
      if (actual != null) {
        deleteRepositoryPolicy();
        changes.add("deleted the repository policy (the spec names no principal)");
      }
      return;
    }
    if (policy.get().differences(actual).isEmpty()) {
      return;
    }
    onRepository("set the repository policy", PRINCIPAL_NOT_YET_VISIBLE,
        () -> ecr.setRepositoryPolicy(b -> b.repositoryName(name).policyText(policy.get().json())));
    changes.add(actual == null ? "set the repository policy" : "replaced the repository policy");
  }

  private void deleteRepositoryPolicy() {
    try {
      onRepository("delete the repository policy", NOT_YET_VISIBLE,
          () -> ecr.deleteRepositoryPolicy(b -> b.repositoryName(name)));
    } catch (EcrException e) {
      if (!AwsErrors.hasCode(e, POLICY_NOT_FOUND)) {
        throw e;
      }
    }
  }

  // ---------------------------------------------------------------- verify

  /**
   * Read-only: missing, drifted with every difference named, or in sync. The desired state is
   * resolved only once the repository is found, so a repository that was never made is reported
   * missing even before the upstream steps recorded their outputs.
   */
  Verification verify(Supplier<DesiredRepository> desiredState) {
    try {
      Optional<Repository> found = describe();
      if (found.isEmpty()) {
        return Verification.missing("ECR repository " + name + " is missing");
      }
      Repository repo = found.get();
      Map<String, String> tags = tagsOf(repo.repositoryArn());
      Optional<String> owner = foreignOwner(tags);
      if (owner.isPresent()) {
        return Verification.missing("ECR repository " + name + " is missing: a repository of that name exists but "
            + owner.get());
      }
      DesiredRepository desired = desiredState.get();
      String prefix = "ECR repository " + name + ": ";
      List<String> differences = new ArrayList<>();
      encryptionDifference(repo, desired).ifPresent(d -> differences.add(prefix + d + " (cannot change in place)"));
      if (!scanOnPush(repo)) {
        differences.add(prefix + "scan on push is disabled, expected enabled");
      }
      String mutability = mutability(desired).toString();
      if (!mutability.equals(repo.imageTagMutabilityAsString())) {
        differences.add(prefix + "tag mutability is " + repo.imageTagMutabilityAsString() + ", expected " + mutability);
      }
      missingTags(tags).forEach((key, value) -> differences.add(prefix + (tags.containsKey(key)
          ? "tag " + key + " is \"" + tags.get(key) + "\", expected \"" + value + "\""
          : "tag " + key + " is missing, expected \"" + value + "\"")));
      desired.lifecycle().differences(lifecyclePolicyText()).forEach(d -> differences.add(prefix + d));
      String policy = repositoryPolicyText();
      if (desired.policy().isPresent()) {
        desired.policy().get().differences(policy).forEach(d -> differences.add(prefix + d));
      } else if (policy != null) {
        differences.add(prefix + "has a repository policy, expected none (the spec names no principal)");
      }
      return Verification.of(differences);
    } catch (SdkException e) {
      throw new StepException("verifying ECR repository " + name + " failed: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- rollback

  /**
   * Deletes the repository (its lifecycle and repository policies go with it) unless it holds
   * images and the operator did not ask to delete data.
   *
   * @return why the repository was kept, or empty when it is gone
   */
  Optional<String> rollback() {
    try {
      Optional<Repository> found = describe();
      if (found.isEmpty()) {
        forget();
        return Optional.empty();
      }
      boolean recorded = ctx.checkpoints().get(NAME).filter(name::equals).isPresent();
      if (!recorded && !ctx.tags().matches(tagsOf(found.get().repositoryArn()), LOGICAL_KEY)) {
        LOG.warn("keeping repository this environment did not make [step={}] [name={}]", EcrStep.ID, name);
        forget();
        return Optional.empty();
      }
      long images = imageCount();
      if (images > 0 && !ctx.deleteData()) {
        return Optional.of(kept(images));
      }
      try {
        ecr.deleteRepository(b -> b.repositoryName(name).force(ctx.deleteData()));
        LOG.info("deleted repository [step={}] [name={}] [images={}]", EcrStep.ID, name, images);
      } catch (EcrException e) {
        if (AwsErrors.hasCode(e, REPOSITORY_NOT_EMPTY)) {
          return Optional.of(kept(imageCount()));
        }
        if (!AwsErrors.hasCode(e, REPOSITORY_NOT_FOUND)) {
          throw e;
        }
      }
      forget();
      return Optional.empty();
    } catch (SdkException e) {
      throw new StepException("rolling back ECR repository " + name + " failed: " + e.getMessage(), e);
    }
  }

  private String kept(long images) {
    return "ECR repository " + name + " holds " + images + (images == 1 ? " image" : " images")
        + "; rollback keeps it; run again with --delete-data to delete it with its images";
  }

  private void forget() {
    ctx.checkpoints().remove(URI);
    ctx.checkpoints().remove(ARN);
    ctx.checkpoints().remove(NAME);
  }

  /** Images in the repository, counted by digest (an image with several tags counts once). */
  private long imageCount() {
    try {
      Set<String> digests = new HashSet<>();
      for (ImageIdentifier id : ecr.listImagesPaginator(b -> b.repositoryName(name)).imageIds()) {
        digests.add(id.imageDigest());
      }
      return digests.size();
    } catch (EcrException e) {
      if (AwsErrors.hasCode(e, REPOSITORY_NOT_FOUND)) {
        return 0;
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- reads

  private Optional<Repository> describe() {
    try {
      return ecr.describeRepositories(b -> b.repositoryNames(name)).repositories().stream()
          .filter(r -> name.equals(r.repositoryName())).findFirst();
    } catch (EcrException e) {
      if (AwsErrors.hasCode(e, REPOSITORY_NOT_FOUND)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Map<String, String> tagsOf(String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    onRepository("read the tags", NOT_YET_VISIBLE, () -> ecr.listTagsForResource(b -> b.resourceArn(arn)))
        .tags().forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  /** The lifecycle policy text, or null when the repository has none. */
  private String lifecyclePolicyText() {
    try {
      return ecr.getLifecyclePolicy(b -> b.repositoryName(name)).lifecyclePolicyText();
    } catch (EcrException e) {
      if (AwsErrors.hasCode(e, LIFECYCLE_NOT_FOUND)) {
        return null;
      }
      throw e;
    }
  }

  /** The repository policy text, or null when the repository has none. */
  private String repositoryPolicyText() {
    try {
      return ecr.getRepositoryPolicy(b -> b.repositoryName(name)).policyText();
    } catch (EcrException e) {
      if (AwsErrors.hasCode(e, POLICY_NOT_FOUND)) {
        return null;
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- helpers

  /** How the repository's encryption differs from the spec's KMS key, in words; empty when it does not. */
  static Optional<String> encryptionDifference(Repository repo, DesiredRepository desired) {
    EncryptionConfiguration encryption = repo.encryptionConfiguration();
    String type = encryption == null || encryption.encryptionTypeAsString() == null
        ? EncryptionType.AES256.toString() : encryption.encryptionTypeAsString();
    String key = encryption == null ? null : encryption.kmsKey();
    if (EncryptionType.KMS.toString().equals(type) && desired.kmsKeyArn().equals(key)) {
      return Optional.empty();
    }
    return Optional.of("encryption is " + type + (key == null ? "" : " with key " + key)
        + ", expected KMS with key " + desired.kmsKeyArn() + " (output keyArn of security.kms)");
  }

  private static boolean scanOnPush(Repository repo) {
    return repo.imageScanningConfiguration() != null
        && Boolean.TRUE.equals(repo.imageScanningConfiguration().scanOnPush());
  }

  private static ImageTagMutability mutability(DesiredRepository desired) {
    return desired.immutableTags() ? ImageTagMutability.IMMUTABLE : ImageTagMutability.MUTABLE;
  }

  /** Refuses a repository of our name that carries another environment's, step's or key's tags. */
  private void requireNotForeign(Map<String, String> tags) {
    foreignOwner(tags).ifPresent(owner -> {
      throw new StepException("ECR repository " + name + " exists but " + owner
          + "; it is left alone: rename the project or env in the profile, or remove that repository");
    });
  }

  /** Who else a repository belongs to by its {@code provisioner:*} tags; empty when ours or untagged. */
  private Optional<String> foreignOwner(Map<String, String> tags) {
    boolean tagged = tags.containsKey(ResourceTags.ENV) || tags.containsKey(ResourceTags.STEP)
        || tags.containsKey(ResourceTags.KEY);
    if (!tagged || ctx.tags().matches(tags, LOGICAL_KEY)) {
      return Optional.empty();
    }
    return Optional.of("is tagged for " + ResourceTags.ENV + "=" + tags.get(ResourceTags.ENV) + ", "
        + ResourceTags.STEP + "=" + tags.get(ResourceTags.STEP) + ", " + ResourceTags.KEY + "="
        + tags.get(ResourceTags.KEY) + ", not for this environment's " + EcrStep.ID);
  }

  /** The expected tags that are absent or carry another value. */
  private Map<String, String> missingTags(Map<String, String> actual) {
    Map<String, String> missing = new LinkedHashMap<>();
    ctx.tags().forKey(LOGICAL_KEY).forEach((key, value) -> {
      if (!value.equals(actual.get(key))) {
        missing.put(key, value);
      }
    });
    return missing;
  }

  private void record(Repository repo) {
    remember(NAME, repo.repositoryName());
    remember(ARN, repo.repositoryArn());
    remember(URI, repo.repositoryUri());
  }

  /** Writes a checkpoint only when its value changes. */
  private void remember(String key, String value) {
    if (ctx.checkpoints().get(key).filter(value::equals).isEmpty()) {
      ctx.checkpoints().put(key, value);
    }
  }

  private <T> T onRepository(String what, Set<String> transientCodes, Supplier<T> call) {
    return Transient.retry(ctx.waits(), what + " of ECR repository " + name, transientCodes, call);
  }

  private static List<Tag> ecrTags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }
}
