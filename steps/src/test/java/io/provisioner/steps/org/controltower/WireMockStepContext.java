package io.provisioner.steps.org.controltower;

import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.Outputs;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Target;
import io.provisioner.steps.Waits;
import io.provisioner.steps.org.organization.OrganizationStep;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.controltower.ControlTowerClient;

/**
 * A step context for {@link ControlTowerStep} against WireMock (no emulator implements Control
 * Tower): a ControlTowerClient pointed at the WireMock server, map-backed checkpoints that can
 * report each write to a listener, and the organization step's outputs.
 */
final class WireMockStepContext implements StepContext, AutoCloseable {
  static final String MANAGEMENT_ACCOUNT = "111122223333";
  static final String ORGANIZATION = "o-abc123defg";
  static final Map<String, String> OU_IDS = Map.of("Production", "ou-ab12-prod0001", "Development", "ou-ab12-dev00001");

  private final ControlTowerClient client;
  private final Map<String, String> checkpoints = new LinkedHashMap<>();
  private final List<Consumer<String>> putListeners = new ArrayList<>();

  WireMockStepContext(String baseUrl) {
    client = ControlTowerClient.builder()
        .endpointOverride(URI.create(baseUrl))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  /** Calls {@code listener} with the key of every checkpoint write, at the moment of the write. */
  void onPut(Consumer<String> listener) {
    putListeners.add(listener);
  }

  Map<String, String> checkpointMap() {
    return Map.copyOf(checkpoints);
  }

  static String targetArn(String ou) {
    return "arn:aws:organizations::" + MANAGEMENT_ACCOUNT + ":ou/" + ORGANIZATION + "/" + OU_IDS.get(ou);
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
    return new Target("management", "us-east-1");
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
        return MANAGEMENT_ACCOUNT;
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
        putListeners.forEach(l -> l.accept(key));
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
    if (!OrganizationStep.ID.equals(stepId)) {
      return new Outputs(stepId, Map.of());
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("organizationId", ORGANIZATION);
    outputs.put("managementAccountId", MANAGEMENT_ACCOUNT);
    OU_IDS.forEach((name, id) -> outputs.put("ou." + name, id));
    return new Outputs(stepId, outputs);
  }

  @Override
  public ResourceTags tags() {
    return new ResourceTags("wm", ControlTowerStep.ID, Map.of("Project", "provisioner"));
  }

  @Override
  public Waits waits() {
    return new Waits(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(1));
  }

  @Override
  public boolean deleteData() {
    return false;
  }

  @Override
  public void close() {
    client.close();
  }
}
