package io.provisioner.steps.storage.s3;

import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.Outputs;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Target;
import io.provisioner.steps.Waits;
import io.provisioner.steps.security.kms.KmsStep;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A step context for {@link S3Step} against WireMock: an S3Client (path-style, one attempt per
 * call) pointed at the WireMock server, map-backed checkpoints, and the {@code security.kms} output.
 */
final class S3WireMockContext implements StepContext, AutoCloseable {
  static final String ACCOUNT = "111122223333";
  static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  private final S3Client client;
  private final String region;
  private final Map<String, String> checkpoints = new LinkedHashMap<>();
  private boolean deleteData;

  S3WireMockContext(String baseUrl, String region) {
    this.region = region;
    this.client = S3Client.builder()
        .endpointOverride(URI.create(baseUrl))
        .forcePathStyle(true)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  S3Client s3() {
    return client;
  }

  void deleteData(boolean value) {
    deleteData = value;
  }

  Map<String, String> checkpointMap() {
    return Map.copyOf(checkpoints);
  }

  /** The name the step gives a bucket in this context. */
  String bucket(String suffix) {
    return "provisioner-wm-" + suffix + "-" + ACCOUNT + "-" + region;
  }

  @Override
  public String env() {
    return "wm";
  }

  @Override
  public String project() {
    return "provisioner";
  }

  @Override
  public Target target() {
    return new Target("main", region);
  }

  @Override
  public String drRegion() {
    return "us-west-2";
  }

  @Override
  public AwsClients clients() {
    return new AwsClients() {
      @Override
      public <T extends SdkClient> T get(Class<T> type) {
        return type.cast(client);
      }

      @Override
      public <T extends SdkClient> T get(Class<T> type, Target target) {
        return type.cast(client);
      }

      @Override
      public String accountId(Target target) {
        return ACCOUNT;
      }
    };
  }

  @Override
  public Checkpoints checkpoints() {
    return new Checkpoints() {
      @Override
      public Optional<String> get(String key) {
        return Optional.ofNullable(checkpoints.get(key));
      }

      @Override
      public void put(String key, String value) {
        checkpoints.put(key, value);
      }

      @Override
      public void remove(String key) {
        checkpoints.remove(key);
      }

      @Override
      public Map<String, String> all() {
        return Map.copyOf(checkpoints);
      }
    };
  }

  @Override
  public Outputs outputsOf(String stepId) {
    return KmsStep.ID.equals(stepId) ? new Outputs(stepId, Map.of("keyArn", KEY_ARN)) : new Outputs(stepId, Map.of());
  }

  @Override
  public ResourceTags tags() {
    return new ResourceTags("wm", S3Step.ID, Map.of("Project", "provisioner"));
  }

  @Override
  public Waits waits() {
    return new Waits(Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(1));
  }

  @Override
  public boolean deleteData() {
    return deleteData;
  }

  @Override
  public void close() {
    client.close();
  }
}
