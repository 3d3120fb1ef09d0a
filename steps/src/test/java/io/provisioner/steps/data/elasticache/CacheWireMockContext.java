package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.Outputs;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Target;
import io.provisioner.steps.Waits;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A step context for {@link ElastiCacheStep} against WireMock, for the calls moto lacks
 * (ModifyReplicationGroup, ModifyCacheSubnetGroup, DeleteCacheSubnetGroup) and for answers moto
 * cannot give: ElastiCache and Secrets Manager clients pointed at the WireMock server, map-backed
 * checkpoints that report each write, the upstream outputs, and the operations called in order.
 * Environment {@code wm} of project {@code provisioner}: the group and subnet group are {@value #ID}.
 */
final class CacheWireMockContext implements StepContext, AutoCloseable {
  static final String ID = "provisioner-wm-redis";
  static final String ACCOUNT = "111122223333";
  static final String GROUP_ARN = "arn:aws:elasticache:us-east-1:" + ACCOUNT + ":replicationgroup:" + ID;
  static final String SUBNET_GROUP_ARN = "arn:aws:elasticache:us-east-1:" + ACCOUNT + ":subnetgroup:" + ID;
  static final String KEY_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String SG = "sg-0123456789abcdef0";
  static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:provisioner/wm/cache-AbCdEf";
  static final Map<String, String> SUBNETS = Map.of("us-east-1a", "subnet-a", "us-east-1b", "subnet-b",
      "us-east-1c", "subnet-c");

  private final ElastiCacheClient cache;
  private final SecretsManagerClient secrets;
  private final Map<String, String> checkpoints = new LinkedHashMap<>();
  private final List<BiConsumer<String, String>> putListeners = new ArrayList<>();
  private final List<String> operations = new CopyOnWriteArrayList<>();

  CacheWireMockContext(String baseUrl) {
    ExecutionInterceptor recorder = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
      }
    };
    cache = ElastiCacheClient.builder()
        .endpointOverride(URI.create(baseUrl)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)).addExecutionInterceptor(recorder))
        .build();
    secrets = SecretsManagerClient.builder()
        .endpointOverride(URI.create(baseUrl)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)).addExecutionInterceptor(recorder))
        .build();
  }

  /** Calls {@code listener} with the key and value of every checkpoint write, at the moment of the write. */
  void onPut(BiConsumer<String, String> listener) {
    putListeners.add(listener);
  }

  Map<String, String> checkpointMap() {
    return Map.copyOf(checkpoints);
  }

  /** The SDK operations called so far, in order (e.g. {@code DescribeReplicationGroups}). */
  List<String> operations() {
    return List.copyOf(operations);
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
        return type.cast(type == SecretsManagerClient.class ? secrets : cache);
      }

      @Override
      public <T extends SdkClient> T get(Class<T> type, Target target) {
        return get(type);
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
        putListeners.forEach(l -> l.accept(key, value));
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
      case KmsStep.ID -> outputs.put("keyArn", KEY_ARN);
      case VpcStep.ID -> {
        outputs.put("vpcId", "vpc-0abc");
        SUBNETS.forEach((az, subnet) -> outputs.put("subnet.data." + az, subnet));
        outputs.put("subnet.app.us-east-1a", "subnet-app-a");
      }
      case SecurityGroupsStep.ID -> {
        outputs.put("sg.redis", SG);
        outputs.put("sg.ecs", "sg-0ecs");
      }
      case CacheInputs.SECRETS_STEP -> outputs.put(CacheInputs.AUTH_TOKEN_SECRET_OUTPUT, SECRET_ARN);
      default -> { }
    }
    return new Outputs(stepId, outputs);
  }

  @Override
  public ResourceTags tags() {
    return new ResourceTags("wm", ElastiCacheStep.ID, Map.of("Project", "provisioner"));
  }

  @Override
  public Waits waits() {
    return new Waits(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(1));
  }

  @Override
  public boolean deleteData() {
    return false;
  }

  @Override
  public void close() {
    cache.close();
    secrets.close();
  }
}
