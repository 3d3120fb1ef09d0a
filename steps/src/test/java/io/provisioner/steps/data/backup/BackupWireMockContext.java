package io.provisioner.steps.data.backup;

import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.Outputs;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Target;
import io.provisioner.steps.Waits;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;

/**
 * A step context for the Backup steps against WireMock, for the calls moto 5.2.1 lacks
 * (UpdateBackupPlan, the selection APIs, recovery points): a BackupClient pointed at the WireMock
 * server without retries, map-backed checkpoints, outputs of the steps depended on set by the test.
 */
final class BackupWireMockContext implements StepContext, AutoCloseable {
  static final String ACCOUNT = "111122223333";
  static final String ENV = "wm";

  private final BackupClient client;
  private final String env;
  private final String stepId;
  private final Map<String, String> checkpoints = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
  private boolean deleteData;

  BackupWireMockContext(String baseUrl, String stepId) {
    this(baseUrl, stepId, ENV);
  }

  BackupWireMockContext(String baseUrl, String stepId, String env) {
    this.env = env;
    this.stepId = stepId;
    client = BackupClient.builder()
        .endpointOverride(URI.create(baseUrl))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  /** Records outputs as if {@code step} had completed. */
  BackupWireMockContext withOutputs(String step, Map<String, String> values) {
    outputs.computeIfAbsent(step, k -> new LinkedHashMap<>()).putAll(values);
    return this;
  }

  void deleteData(boolean value) {
    deleteData = value;
  }

  Map<String, String> checkpointMap() {
    return Map.copyOf(checkpoints);
  }

  @Override
  public String env() {
    return env;
  }

  @Override
  public String project() {
    return "provisioner";
  }

  @Override
  public Target target() {
    return new Target("prod", "us-east-1");
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
  public Outputs outputsOf(String step) {
    return new Outputs(step, outputs.getOrDefault(step, Map.of()));
  }

  @Override
  public ResourceTags tags() {
    return new ResourceTags(env, stepId, Map.of("Project", "provisioner", "Environment", env));
  }

  @Override
  public Waits waits() {
    return new Waits(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(1));
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
