package io.provisioner.steps.data.rds;

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
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * A step context for {@link RdsStep} against WireMock, for the RDS behaviours moto cannot show: an
 * RdsClient pointed at the stub server, map-backed checkpoints and the four upstream steps' outputs.
 */
final class RdsWireMockContext implements StepContext, AutoCloseable {
  static final String ACCOUNT = "111122223333";
  static final String KEY_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/provisioner/rds-monitoring";
  static final String SG = "sg-0rds";
  static final Map<String, String> SUBNETS = Map.of("us-east-1a", "subnet-0a", "us-east-1b", "subnet-0b");

  private final RdsClient client;
  private final Map<String, String> checkpoints = new LinkedHashMap<>();

  RdsWireMockContext(String baseUrl) {
    client = RdsClient.builder()
        .endpointOverride(URI.create(baseUrl))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
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
  public Outputs outputsOf(String stepId) {
    Map<String, String> outputs = new LinkedHashMap<>();
    switch (stepId) {
      case "security.kms" -> outputs.put("keyArn", KEY_ARN);
      case "security.iam" -> outputs.put("role.rds-monitoring.arn", ROLE_ARN);
      case "network.vpc" -> SUBNETS.forEach((az, id) -> outputs.put("subnet.data." + az, id));
      case "network.security-groups" -> outputs.put("sg.rds", SG);
      default -> { }
    }
    return new Outputs(stepId, outputs);
  }

  @Override
  public ResourceTags tags() {
    return new ResourceTags("wm", RdsStep.ID, Map.of("Project", "provisioner"));
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
