package io.provisioner.steps.testing;

import io.provisioner.localstack.Emulator;
import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.OutputRef;
import io.provisioner.steps.StepException;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Target;
import io.provisioner.steps.Waits;
import io.provisioner.steps.aws.ApiCallCounter;
import io.provisioner.steps.aws.ClientFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A small stand-in for the orchestrator for step integration tests: one environment on the
 * emulator, in-memory checkpoints per step, clients that count calls per step and can drop
 * responses ({@link DropResponseInterceptor}). Each harness uses a fresh environment name, so tests
 * sharing one emulator never see each other's resources.
 */
@SuppressWarnings("try")
public final class TestHarness implements AutoCloseable {
  public static final String ACCOUNT = "main";
  public static final String REGION = "us-east-1";
  public static final String DR_REGION = "us-west-2";

  private final Emulator emulator;
  private final String env;
  private final ApiCallCounter counter = new ApiCallCounter();
  private final DropResponseInterceptor dropper = new DropResponseInterceptor();
  private final Map<String, Map<String, String>> checkpoints = new ConcurrentHashMap<>();
  private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();
  private final Map<String, String> published = new ConcurrentHashMap<>();
  private boolean deleteData;

  public TestHarness(Emulator emulator) {
    this.emulator = emulator;
    this.env = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  public String env() {
    return env;
  }

  public ApiCallCounter counter() {
    return counter;
  }

  public DropResponseInterceptor dropper() {
    return dropper;
  }

  public void deleteData(boolean value) {
    this.deleteData = value;
  }

  /** The checkpoints recorded by a step so far. */
  public Map<String, String> checkpointsOf(String stepId) {
    return Map.copyOf(checkpoints.computeIfAbsent(stepId, k -> new ConcurrentHashMap<>()));
  }

  /** Seeds a step's own checkpoints, as an earlier (interrupted) run would have left them. */
  public void recordCheckpoints(String stepId, Map<String, String> outputs) {
    checkpoints.computeIfAbsent(stepId, k -> new ConcurrentHashMap<>()).putAll(outputs);
  }

  /**
   * Publishes outputs as if step {@code stepId} had completed, for a step under test that reads
   * them (e.g. a VPC created by the test itself). Kept as JSON, as the engine keeps them.
   */
  public void publish(String stepId, Record outputs) {
    published.put(stepId, PublishedJson.write(outputs));
  }

  /** What a step published, read back as the engine would. */
  public <T extends Record> Optional<T> published(OutputRef<T> ref) {
    return Optional.ofNullable(published.get(ref.stepId())).map(json -> PublishedJson.read(json, ref.type()));
  }

  /** A client outside any step (for arranging and asserting), not counted for a step. */
  public <T extends SdkClient> T client(Class<T> type) {
    return client(type, REGION);
  }

  public <T extends SdkClient> T client(Class<T> type, String region) {
    String key = type.getName() + "@" + region;
    return type.cast(clients.computeIfAbsent(key, k -> ClientFactory.build(type, region, settings())));
  }

  /** The context a step sees. */
  public StepContext context(Step step) {
    return new Context(step);
  }

  /** Runs create with the step's calls attributed to it. */
  public void create(Step step) {
    try (ApiCallCounter.Scope ignored = ApiCallCounter.attribute(step.id())) {
      step.create(context(step));
    }
  }

  public io.provisioner.steps.Verification verify(Step step) {
    try (ApiCallCounter.Scope ignored = ApiCallCounter.attribute(step.id())) {
      return step.verify(context(step));
    }
  }

  public void rollback(Step step) {
    try (ApiCallCounter.Scope ignored = ApiCallCounter.attribute(step.id())) {
      step.rollback(context(step));
    }
  }

  public Map<String, String> commonTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Environment", env);
    tags.put("Project", "provisioner");
    tags.put("ManagedBy", "provisioner");
    tags.put("CostCenter", "platform");
    tags.put("Team", "platform");
    return tags;
  }

  private ClientFactory.Settings settings() {
    return new ClientFactory.Settings(
        emulator.endpoint(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
        List.of(counter, dropper),
        3);
  }

  @Override
  public void close() {
    clients.values().forEach(SdkClient::close);
  }

  private final class Context implements StepContext {
    private final Step step;
    private final String stepId;

    Context(Step step) {
      this.step = step;
      this.stepId = step.id();
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
      return new Target(ACCOUNT, REGION);
    }

    @Override
    public String drRegion() {
      return DR_REGION;
    }

    @Override
    public AwsClients clients() {
      return new AwsClients() {
        @Override
        public <T extends SdkClient> T get(Class<T> type) {
          return client(type, REGION);
        }

        @Override
        public <T extends SdkClient> T get(Class<T> type, Target target) {
          return client(type, target.region());
        }

        @Override
        public String accountId(Target target) {
          return client(StsClient.class).getCallerIdentity().account();
        }
      };
    }

    @Override
    public Checkpoints checkpoints() {
      Map<String, String> map = checkpoints.computeIfAbsent(stepId, k -> new ConcurrentHashMap<>());
      return new Checkpoints() {
        @Override
        public Optional<String> get(String key) {
          return Optional.ofNullable(map.get(key));
        }

        @Override
        public void put(String key, String value) {
          map.put(key, value);
        }

        @Override
        public void remove(String key) {
          map.remove(key);
        }

        @Override
        public Map<String, String> all() {
          return Map.copyOf(map);
        }
      };
    }


    @Override
    public <T extends Record> T read(OutputRef<T> ref) {
      return find(ref).orElseThrow(() -> new StepException("step " + stepId + " reads the outputs of "
          + ref.stepId() + ", which has not published them"));
    }

    @Override
    public <T extends Record> Optional<T> find(OutputRef<T> ref) {
      if (!step.references().contains(ref)) {
        throw new StepException("step " + stepId + " reads " + ref + " but does not declare it in references()");
      }
      return published(ref);
    }

    @Override
    public void publish(Record outputs) {
      TestHarness.this.publish(stepId, outputs);
    }

    @Override
    public java.time.Clock clock() {
      return java.time.Clock.systemUTC();
    }

    @Override
    public ResourceTags tags() {
      return new ResourceTags(env, stepId, commonTags());
    }

    @Override
    public Waits waits() {
      return new Waits(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMillis(200));
    }

    @Override
    public boolean deleteData() {
      return deleteData;
    }
  }
}
