package io.provisioner.steps.testing;

import io.provisioner.steps.AwsClients;
import io.provisioner.steps.Checkpoints;
import io.provisioner.steps.ResourceTags;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.Target;
import io.provisioner.steps.Waits;
import io.provisioner.steps.aws.ClientFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A step context for a step under test against a WireMock server, for the behaviours an emulator
 * cannot show: clients of any service pointed at the server (built on first use by {@link
 * ClientFactory}: test credentials, path-style S3, one attempt per call unless told otherwise),
 * map-backed checkpoints that can report each write, typed outputs of upstream steps published by the
 * test, and the SDK operations called, in order. Environment {@code wm} of project {@code
 * provisioner} in account {@value #ACCOUNT} unless the {@link Builder} says otherwise.
 */
public final class WireMockStepContext implements StepContext, AutoCloseable {
  /** The 12-digit id of every account. */
  public static final String ACCOUNT = "111122223333";

  private final String env;
  private final String project;
  private final String stepId;
  private final Target target;
  private final String drRegion;
  private final Map<String, String> commonTags;
  private final Waits waits;
  private final ClientFactory.Settings settings;
  private final Map<String, String> checkpoints = new ConcurrentHashMap<>();
  private final Map<String, Record> upstream;
  private volatile Record published;
  private final List<BiConsumer<String, String>> putListeners = new CopyOnWriteArrayList<>();
  private final List<String> operations = new CopyOnWriteArrayList<>();
  private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();
  private boolean deleteData;

  private WireMockStepContext(Builder b) {
    this.env = b.env;
    this.project = b.project;
    this.stepId = Objects.requireNonNull(b.stepId, "stepId");
    this.target = b.target;
    this.drRegion = b.drRegion;
    this.commonTags = b.commonTags != null ? Map.copyOf(b.commonTags) : Map.of("Project", project);
    this.waits = b.waits;
    this.upstream = Map.copyOf(b.published);
    this.deleteData = b.deleteData;
    ExecutionInterceptor recorder = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
      }
    };
    List<ExecutionInterceptor> interceptors = new ArrayList<>(b.interceptors);
    interceptors.add(0, recorder);
    this.settings = new ClientFactory.Settings(URI.create(b.endpoint),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), interceptors, b.maxAttempts);
  }

  /** A context for step {@code stepId} (its id in the tags) whose clients call {@code endpoint}. */
  public static Builder builder(String endpoint, String stepId) {
    return new Builder(endpoint, stepId);
  }

  /** The client the step gets for its default target, for arranging and asserting. */
  public <T extends SdkClient> T client(Class<T> type) {
    return client(type, target.region());
  }

  private <T extends SdkClient> T client(Class<T> type, String region) {
    return type.cast(clients.computeIfAbsent(type.getName() + "@" + region,
        k -> ClientFactory.build(type, region, settings)));
  }

  /** Calls {@code listener} with the key and value of every checkpoint write, at the moment of the write. */
  public void onPut(BiConsumer<String, String> listener) {
    putListeners.add(listener);
  }

  /** A copy of the checkpoints recorded so far. */
  public Map<String, String> checkpointMap() {
    return Map.copyOf(checkpoints);
  }

  /** The SDK operations called so far through this context's clients, in order (e.g. {@code DescribeDBInstances}). */
  public List<String> operations() {
    return List.copyOf(operations);
  }

  public void deleteData(boolean value) {
    deleteData = value;
  }

  @Override
  public String env() {
    return env;
  }

  @Override
  public String project() {
    return project;
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public String drRegion() {
    return drRegion;
  }

  @Override
  public AwsClients clients() {
    return new AwsClients() {
      @Override
      public <T extends SdkClient> T get(Class<T> type) {
        return client(type);
      }

      @Override
      public <T extends SdkClient> T get(Class<T> type, Target other) {
        return client(type, other.region());
      }

      @Override
      public String accountId(Target other) {
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
  public <T extends Record> T read(io.provisioner.steps.OutputRef<T> ref) {
    return find(ref).orElseThrow(() -> new io.provisioner.steps.StepException(
        "the test published no outputs for " + ref.stepId()));
  }

  @Override
  public <T extends Record> Optional<T> find(io.provisioner.steps.OutputRef<T> ref) {
    return Optional.ofNullable(upstream.get(ref.stepId())).map(ref.type()::cast);
  }

  @Override
  public void publish(Record outputs) {
    this.published = outputs;
  }

  /** What the step under test published last, or null. */
  public Record published() {
    return published;
  }

  @Override
  public java.time.Clock clock() {
    return java.time.Clock.systemUTC();
  }


  @Override
  public ResourceTags tags() {
    return new ResourceTags(env, stepId, commonTags);
  }

  @Override
  public Waits waits() {
    return waits;
  }

  @Override
  public boolean deleteData() {
    return deleteData;
  }

  @Override
  public void close() {
    clients.values().forEach(SdkClient::close);
  }

  /** Options of a {@link WireMockStepContext}; each has the default its setter names. */
  public static final class Builder {
    private final String endpoint;
    private final String stepId;
    private String env = "wm";
    private String project = "provisioner";
    private Target target = new Target("main", "us-east-1");
    private String drRegion = "us-west-2";
    private Map<String, String> commonTags;
    private Waits waits = new Waits(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(1));
    private final Map<String, Record> published = new LinkedHashMap<>();
    private boolean deleteData;
    private int maxAttempts = 1;
    private final List<ExecutionInterceptor> interceptors = new ArrayList<>();

    private Builder(String endpoint, String stepId) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.stepId = stepId;
    }

    /** Default {@code wm}. */
    public Builder env(String value) {
      env = value;
      return this;
    }

    /** Default {@code provisioner}. */
    public Builder project(String value) {
      project = value;
      return this;
    }

    /** Default {@code main/us-east-1}; the clients' region is the target's. */
    public Builder target(String account, String region) {
      target = new Target(account, region);
      return this;
    }

    /** Default {@code us-west-2}. */
    public Builder drRegion(String value) {
      drRegion = value;
      return this;
    }

    /** The common tags; default {@code Project} = the project. */
    public Builder commonTags(Map<String, String> value) {
      commonTags = value;
      return this;
    }

    /** Default 1s of eventual consistency, 2s for a resource to be ready, polling every 1ms. */
    public Builder waits(Duration eventualConsistency, Duration resourceReady, Duration pollInterval) {
      waits = new Waits(eventualConsistency, resourceReady, pollInterval);
      return this;
    }

    /** Publishes typed outputs as if step {@code ref.stepId()} had completed. */
    public <T extends Record> Builder published(io.provisioner.steps.OutputRef<T> ref, T value) {
      published.put(ref.stepId(), value);
      return this;
    }

    /** Default false. */
    public Builder deleteData(boolean value) {
      deleteData = value;
      return this;
    }

    /** SDK attempts per call; default 1 (no retries). */
    public Builder maxAttempts(int value) {
      maxAttempts = value;
      return this;
    }

    /** Adds an interceptor to every client, e.g. an {@link io.provisioner.steps.aws.ApiCallCounter}. */
    public Builder interceptor(ExecutionInterceptor value) {
      interceptors.add(value);
      return this;
    }

    public WireMockStepContext build() {
      return new WireMockStepContext(this);
    }
  }
}
