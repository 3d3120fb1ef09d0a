package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.Transient;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionConfiguration;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotEmptyException;
import software.amazon.awssdk.services.ecr.model.RepositoryPolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

/**
 * The environment's one ECR repository, {@code <project>/<env>}, with scanning on push, tag
 * mutability, KMS encryption (fixed at creation), tags, lifecycle policy and repository policy.
 *
 * <p>Found by the name recorded as {@code repository.name}, else by that name: a repository of
 * the name without {@code provisioner:*} tags (made by hand, or by a create whose response was
 * lost) is adopted and tagged; one tagged for another environment, step or key is never touched,
 * and creating ours then fails saying so. Rollback keeps a repository holding images unless the
 * operator passes {@code --delete-data}, and never deletes one it neither recorded nor tagged.
 */
final class RepositoryResource implements Resource<RepositoryResource.Live> {
  /** The {@code provisioner:key} tag of the repository. */
  static final String KEY = "repository";
  static final String NAME = "repository.name";
  static final String ARN = "repository.arn";
  static final String URI = "repository.uri";
  /**
   * DescribeRepositories, CreateRepository and DeleteRepository; the calls right after a
   * CreateRepository may not see the repository yet.
   */
  static final ErrorCodes ERRORS = ErrorCodes.notFound("RepositoryNotFoundException")
      .alreadyExists("RepositoryAlreadyExistsException").notYetVisible("RepositoryNotFoundException");
  /**
   * SetRepositoryPolicy rejects a principal it does not know yet with InvalidParameterException; a
   * role security.iam made a moment ago becomes known within seconds. The policy is rendered here
   * from validated names, so this is the only way it can be invalid.
   */
  private static final Set<String> PRINCIPAL_NOT_YET_VISIBLE = Set.of("InvalidParameterException");
  private static final Logger LOG = LoggerFactory.getLogger(RepositoryResource.class);

  /** The repository and its tags, read together: the tags tell whose it is. */
  record Live(Repository repository, Map<String, String> tags) {}

  /** A repository's encryption as ECR reports it: AES256, or KMS with a key ARN. */
  record Encryption(String type, String kmsKey) {
    static Encryption of(Repository repo) {
      EncryptionConfiguration encryption = repo.encryptionConfiguration();
      String type = encryption == null || encryption.encryptionTypeAsString() == null
          ? EncryptionType.AES256.toString() : encryption.encryptionTypeAsString();
      return new Encryption(type, encryption == null ? null : encryption.kmsKey());
    }

    static Encryption kms(String keyArn) {
      return new Encryption(EncryptionType.KMS.toString(), keyArn);
    }

    @Override
    public String toString() {
      return type + (kmsKey == null ? "" : " with key " + kmsKey);
    }
  }

  private final StepContext ctx;
  private final EcrSpec spec;
  private final EcrClient ecr;
  private final String name;
  private DesiredRepository desired;

  RepositoryResource(StepContext ctx, EcrSpec spec) {
    this.ctx = ctx;
    this.spec = spec;
    this.ecr = ctx.clients().get(EcrClient.class);
    this.name = RepositoryName.of(ctx.project(), ctx.env());
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String idKey() {
    return NAME;
  }

  @Override
  public String description() {
    return "ECR repository " + name;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  /** The repository of that name, unless it is tagged for someone else. */
  @Override
  public Optional<Live> read(String repositoryName) {
    Live live = describe(repositoryName);
    return foreignOwner(live).isPresent() ? Optional.empty() : Optional.of(live);
  }

  @Override
  public Optional<Live> lookup() {
    return read(name);
  }

  @Override
  public Live create() {
    DesiredRepository want = desired();
    try {
      Repository repo = ecr.createRepository(b -> b
              .repositoryName(name)
              .imageScanningConfiguration(s -> s.scanOnPush(true))
              .imageTagMutability(mutability(want))
              .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS).kmsKey(want.kmsKeyArn()))
              .tags(ecrTags(ctx.tags().forKey(KEY))))
          .repository();
      return new Live(repo, ctx.tags().forKey(KEY));
    } catch (RepositoryAlreadyExistsException e) {
      foreignOwner(describe(name)).ifPresent(owner -> {
        throw new StepException(description() + " exists but " + owner + "; it is left alone: rename the project "
            + "or env in the profile, or remove that repository", e);
      });
      throw e;
    }
  }

  @Override
  public String id(Live live) {
    return live.repository().repositoryName();
  }

  @Override
  public Map<String, String> recorded(Live live) {
    return Map.of(ARN, live.repository().repositoryArn(), URI, live.repository().repositoryUri());
  }

  /**
   * The upstream outputs are read here and in {@link #create} only: rollback never needs them, and
   * verify reports a repository that was never made as missing before they are published.
   */
  @Override
  public List<Setting<Live>> settings() {
    DesiredRepository want = desired();
    return List.of(
        Setting.fixed("encryption", live -> Encryption.of(live.repository()), Encryption.kms(want.kmsKeyArn()),
            "delete repository " + name + " by hand (aws ecr delete-repository --force; its images are lost and "
                + "must be pushed again) and run 'up' to create it with the key security.kms published"),
        Setting.of("scan on push", live -> scanOnPush(live.repository()), true,
            (live, on) -> ecr.putImageScanningConfiguration(b -> b.repositoryName(name)
                .imageScanningConfiguration(s -> s.scanOnPush(on)))),
        Setting.of("tag mutability", live -> live.repository().imageTagMutability(), mutability(want),
            (live, value) -> ecr.putImageTagMutability(b -> b.repositoryName(name).imageTagMutability(value))),
        Tags.setting(ctx.tags().forKey(KEY), Live::tags, (live, tags) ->
            ecr.tagResource(b -> b.resourceArn(live.repository().repositoryArn()).tags(ecrTags(tags)))),
        new Setting<>() {
          @Override
          public List<String> differences(Live live) {
            return want.lifecycle().differences(lifecyclePolicyText());
          }

          @Override
          public void apply(Live live) {
            ecr.putLifecyclePolicy(b -> b.repositoryName(name).lifecyclePolicyText(want.lifecycle().json()));
          }
        },
        new PolicySetting(want.policy()));
  }

  /** Images are data: without {@code --delete-data} a repository holding some is kept. */
  @Override
  public Optional<String> deletionGuard(Live live, boolean deleteData) {
    long images = deleteData || !ours(live) ? 0 : imageCount();
    return images == 0 ? Optional.empty() : Optional.of(kept(images));
  }

  /** With {@code --delete-data} its images go with it; a repository this environment did not make stays. */
  @Override
  public void delete(Live live) {
    if (!ours(live)) {
      LOG.warn("keeping repository this environment did not make [step={}] [name={}]", EcrStep.ID, name);
      return;
    }
    try {
      ecr.deleteRepository(b -> b.repositoryName(name).force(ctx.deleteData()));
    } catch (RepositoryNotEmptyException e) {
      throw new StepException(description() + ": " + kept(imageCount()), e);
    }
  }

  /** The repository policy; none at all when the spec names no principal. */
  private final class PolicySetting implements Setting<Live> {
    private final Optional<RepositoryPolicy> want;

    PolicySetting(Optional<RepositoryPolicy> want) {
      this.want = want;
    }

    @Override
    public List<String> differences(Live live) {
      String actual = repositoryPolicyText();
      if (want.isPresent()) {
        return want.get().differences(actual);
      }
      return actual == null ? List.of()
          : List.of("has a repository policy, expected none (the spec names no principal)");
    }

    @Override
    public void apply(Live live) {
      if (want.isEmpty()) {
        try {
          ecr.deleteRepositoryPolicy(b -> b.repositoryName(name));
        } catch (RepositoryPolicyNotFoundException e) {
          // gone already
        }
        return;
      }
      Transient.run(ctx.waits(), "set the repository policy of " + description(), PRINCIPAL_NOT_YET_VISIBLE,
          () -> ecr.setRepositoryPolicy(b -> b.repositoryName(name).policyText(want.get().json())));
    }
  }

  // ---------------------------------------------------------------- reads

  private DesiredRepository desired() {
    if (desired == null) {
      desired = DesiredRepository.resolve(ctx, spec);
    }
    return desired;
  }

  /** The repository of that name and its tags, whoever owns it; RepositoryNotFoundException when there is none. */
  private Live describe(String repositoryName) {
    Repository repo = ecr.describeRepositories(b -> b.repositoryNames(repositoryName)).repositories().get(0);
    return new Live(repo, Tags.from(ecr.listTagsForResource(b -> b.resourceArn(repo.repositoryArn())).tags(),
        Tag::key, Tag::value));
  }

  /** Made by this environment: recorded by an earlier run, or tagged as this step's repository. */
  private boolean ours(Live live) {
    return ctx.checkpoints().get(NAME).filter(name::equals).isPresent() || ctx.tags().matches(live.tags(), KEY);
  }

  /** Who else the repository belongs to by its {@code provisioner:*} tags; empty when ours or untagged. */
  private Optional<String> foreignOwner(Live live) {
    Map<String, String> tags = live.tags();
    boolean tagged = tags.containsKey(ResourceTags.ENV) || tags.containsKey(ResourceTags.STEP)
        || tags.containsKey(ResourceTags.KEY);
    if (!tagged || ctx.tags().matches(tags, KEY)) {
      return Optional.empty();
    }
    return Optional.of("is tagged for " + ResourceTags.ENV + "=" + tags.get(ResourceTags.ENV) + ", "
        + ResourceTags.STEP + "=" + tags.get(ResourceTags.STEP) + ", " + ResourceTags.KEY + "="
        + tags.get(ResourceTags.KEY) + ", not for this environment's " + EcrStep.ID);
  }

  /** The lifecycle policy text, or null when the repository has none. */
  private String lifecyclePolicyText() {
    try {
      return ecr.getLifecyclePolicy(b -> b.repositoryName(name)).lifecyclePolicyText();
    } catch (LifecyclePolicyNotFoundException e) {
      return null;
    }
  }

  /** The repository policy text, or null when the repository has none. */
  private String repositoryPolicyText() {
    try {
      return ecr.getRepositoryPolicy(b -> b.repositoryName(name)).policyText();
    } catch (RepositoryPolicyNotFoundException e) {
      return null;
    }
  }

  /** Images in the repository, counted by digest (an image with several tags counts once). */
  private long imageCount() {
    Set<String> digests = new HashSet<>();
    for (ImageIdentifier id : ecr.listImagesPaginator(b -> b.repositoryName(name)).imageIds()) {
      digests.add(id.imageDigest());
    }
    return digests.size();
  }

  private static String kept(long images) {
    return "holds " + images + (images == 1 ? " image" : " images")
        + "; rollback keeps it; run again with --delete-data to delete it with its images";
  }

  private static boolean scanOnPush(Repository repo) {
    return repo.imageScanningConfiguration() != null
        && Boolean.TRUE.equals(repo.imageScanningConfiguration().scanOnPush());
  }

  private static ImageTagMutability mutability(DesiredRepository desired) {
    return desired.immutableTags() ? ImageTagMutability.IMMUTABLE : ImageTagMutability.MUTABLE;
  }

  private static List<Tag> ecrTags(Map<String, String> tags) {
    return Tags.to(tags, (k, v) -> Tag.builder().key(k).value(v).build());
  }
}
