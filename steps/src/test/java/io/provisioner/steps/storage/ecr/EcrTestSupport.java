package io.provisioner.steps.storage.ecr;

import io.provisioner.steps.security.iam.IamOutputs;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsOutputs;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.TestHarness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * Stand-ins for {@code security.kms} and {@code security.iam} in the ECR ITs: a KMS key and the
 * roles {@code ecs-task-execution}, {@code lambda-execution} and {@code ci}, published as those
 * steps' outputs; {@link #close} removes them again. Also a few reads and writes on the repository
 * made behind the step's back.
 */
final class EcrTestSupport implements AutoCloseable {

  /** Role references by logical name. */
  static List<io.provisioner.steps.RoleRef> roles(String... names) {
    return java.util.Arrays.stream(names).map(io.provisioner.steps.RoleRef::of).toList();
  }
  static final List<String> ROLES = List.of("ecs-task-execution", "lambda-execution", "ci");
  private static final String TRUST = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
       "Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

  private final TestHarness harness;
  private final String keyId;
  private final String keyArn;
  private final Map<String, String> roleArns = new LinkedHashMap<>();

  private EcrTestSupport(TestHarness harness) {
    this.harness = harness;
    KeyMetadata key = harness.client(KmsClient.class)
        .createKey(b -> b.description("ecr it " + harness.env())).keyMetadata();
    this.keyId = key.keyId();
    this.keyArn = key.arn();
    IamClient iam = harness.client(IamClient.class);
    for (String role : ROLES) {
      String name = roleName(role);
      roleArns.put(role, iam.createRole(b -> b.roleName(name).path("/provisioner/").assumeRolePolicyDocument(TRUST))
          .role().arn());
    }
  }

  /** Creates the key and roles and publishes them as the outputs of the two upstream steps. */
  static EcrTestSupport create(TestHarness harness) {
    EcrTestSupport upstream = new EcrTestSupport(harness);
    harness.publish(KmsStep.ID, new KmsOutputs(upstream.keyId, upstream.keyArn, "alias/" + harness.env(), null, null));
    harness.publish(IamStep.ID, new IamOutputs(upstream.roleArns, null));
    return upstream;
  }

  String keyArn() {
    return keyArn;
  }

  String roleArn(String logical) {
    return roleArns.get(logical);
  }

  /** The repository name the step derives for the harness's environment. */
  static String repositoryName(TestHarness harness) {
    return "provisioner/" + harness.env();
  }

  static Optional<Repository> repository(TestHarness harness) {
    try {
      return harness.client(EcrClient.class)
          .describeRepositories(b -> b.repositoryNames(repositoryName(harness))).repositories().stream().findFirst();
    } catch (EcrException e) {
      if ("RepositoryNotFoundException".equals(e.awsErrorDetails().errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Pushes a small image manifest (a config and one layer) under {@code tag}. */
  static void putImage(TestHarness harness, String tag, String layerDigit) {
    String manifest = """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
         "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,
                   "digest":"sha256:%s"},
         "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":32654,
                    "digest":"sha256:%s"}]}""".formatted("c".repeat(64), layerDigit.repeat(64));
    harness.client(EcrClient.class)
        .putImage(b -> b.repositoryName(repositoryName(harness)).imageTag(tag).imageManifest(manifest));
  }

  /** Deletes the repository (with its images) when a test left it behind. */
  static void deleteRepository(TestHarness harness) {
    if (repository(harness).isPresent()) {
      harness.client(EcrClient.class).deleteRepository(b -> b.repositoryName(repositoryName(harness)).force(true));
    }
  }

  private String roleName(String role) {
    return "provisioner-" + harness.env() + "-" + role;
  }

  @Override
  public void close() {
    IamClient iam = harness.client(IamClient.class);
    for (String role : ROLES) {
      iam.deleteRole(b -> b.roleName(roleName(role)));
    }
    harness.client(KmsClient.class).scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
  }
}
