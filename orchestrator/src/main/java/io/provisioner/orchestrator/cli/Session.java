package io.provisioner.orchestrator.cli;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.EmulatorResolver;
import io.provisioner.orchestrator.aws.ClientRegistry;
import io.provisioner.orchestrator.catalog.StepRegistry;
import io.provisioner.orchestrator.config.ConfigException;
import io.provisioner.orchestrator.config.Profile;
import io.provisioner.orchestrator.config.ProfileLoader;
import io.provisioner.orchestrator.config.ProfileSource;
import io.provisioner.orchestrator.config.Regions;
import io.provisioner.orchestrator.engine.CreatedAccounts;
import io.provisioner.orchestrator.engine.Engine;
import io.provisioner.orchestrator.engine.EngineOptions;
import io.provisioner.orchestrator.engine.ProgressListener;
import io.provisioner.state.StateStore;
import io.provisioner.state.backend.RunArchive;
import io.provisioner.state.backend.StateBackend;
import io.provisioner.state.backend.StateKey;
import io.provisioner.orchestrator.config.StateSettings;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import io.provisioner.steps.Step;
import io.provisioner.steps.Target;
import io.provisioner.steps.aws.ApiCallCounter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything one command needs, built from the global options: the validated profile (before any
 * AWS call), the endpoint, clients, the state store and the engine.
 */
final class Session implements AutoCloseable {
  /** The steps there are, found once per process. */
  static final StepRegistry REGISTRY = StepRegistry.load();

  final Profile profile;
  final URI endpoint;
  final String endpointDescription;
  final ClientRegistry clients;
  final StateStore store;
  final Engine engine;

  private Session(Profile profile, URI endpoint, String endpointDescription, ClientRegistry clients, StateStore store,
      Engine engine) {
    this.profile = profile;
    this.endpoint = endpoint;
    this.endpointDescription = endpointDescription;
    this.clients = clients;
    this.store = store;
    this.engine = engine;
  }

  /** Loads and validates the profile only: no AWS call, no emulator. */
  static Profile loadProfile(GlobalOptions options, Map<String, String> environment) {
    ProfileSource source;
    String expected = null;
    if (options.config != null) {
      source = ProfileSource.file(options.config);
    } else if (options.env != null) {
      source = ProfileSource.env(options.env, Path.of("").toAbsolutePath());
      expected = options.env;
    } else {
      throw new ConfigException("command line", List.of("--env ENV or --config FILE is required"));
    }
    Profile profile = new ProfileLoader(REGISTRY).load(source, expected);
    if (options.region != null) {
      try {
        Regions r = profile.regions();
        profile = profile.withRegions(new Regions(options.region, r.dr(), r.allowed()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--region " + options.region, List.of(e.getMessage()));
      }
    }
    return profile;
  }

  static Session open(GlobalOptions options, Map<String, String> environment, boolean deleteData, String command,
      ProgressListener progress) {
    Profile profile = loadProfile(options, environment);
    int parallelism = options.parallelism != null ? options.parallelism : profile.execution().parallelism();
    if (parallelism < 1 || parallelism > 64) {
      throw new ConfigException("--parallelism", List.of(parallelism + " is out of range; use 1 to 64"));
    }
    URI endpoint = options.endpoint;
    String description = endpoint == null ? null : "endpoint " + endpoint;
    if (endpoint == null && options.local) {
      Emulator emulator = new EmulatorResolver(environment, java.time.Duration.ofSeconds(60))
          .resolveForLocalRun(Path.of(System.getProperty("user.home"), ".provisioner"));
      endpoint = emulator.endpoint();
      description = emulator.toString();
    }
    if (endpoint == null && environment.get("AWS_ENDPOINT_URL") != null
        && !environment.get("AWS_ENDPOINT_URL").isBlank()) {
      endpoint = URI.create(environment.get("AWS_ENDPOINT_URL").trim());
      description = "AWS_ENDPOINT_URL " + endpoint;
    }
    boolean emulator = endpoint != null;
    AwsCredentialsProvider credentials = credentials(options, environment, emulator);
    ApiCallCounter counter = new ApiCallCounter();
    java.util.concurrent.atomic.AtomicReference<StateStore> state = new java.util.concurrent.atomic.AtomicReference<>();
    String env = profile.name();
    ClientRegistry clients = new ClientRegistry(profile, credentials, endpoint, List.of(counter),
        profile.execution().sdkMaxAttempts(), 50, name -> new CreatedAccounts(REGISTRY).id(state.get(), env, name));
    Clock clock = Clock.systemUTC();
    StateStore store = stateBackend(profile, clients, clock);
    state.set(store);
    List<Step> steps = REGISTRY.steps(profile);
    Engine engine = new Engine(profile, steps, store, clients, counter,
        new EngineOptions(parallelism, emulator, deleteData, holder(command), REGISTRY.aliases()), clock, progress);
    return new Session(profile, endpoint, description, clients, store, engine);
  }

  /** The state table with its own KMS key and, when the profile asks, the run archive bucket. */
  private static StateStore stateBackend(Profile profile, ClientRegistry clients, Clock clock) {
    StateSettings settings = profile.state();
    Target target = new Target(settings.account(), profile.regions().primary());
    Map<String, String> tags = new java.util.TreeMap<>(profile.tags());
    tags.put("ManagedBy", "provisioner");
    tags.put("provisioner:component", "state");
    tags.remove("Environment"); // the state serves every environment of the project
    StateKey key = new StateKey(clients.uncounted(KmsClient.class, target), settings.keyAlias(), tags);
    java.util.function.Supplier<RunArchive> archive = !settings.exportRuns() ? null
        : () -> new RunArchive(clients.uncounted(S3Client.class, target),
            RunArchive.bucketName(settings.table(), clients.accountId(target), target.region()), target.region(), tags);
    return new StateBackend(clients.uncounted(DynamoDbClient.class, target), settings.table(), clock, key,
        archive);
  }

  private static AwsCredentialsProvider credentials(GlobalOptions options, Map<String, String> environment,
      boolean emulator) {
    if (options.awsProfile != null) {
      return ProfileCredentialsProvider.create(options.awsProfile);
    }
    if (emulator && (environment.get("AWS_ACCESS_KEY_ID") == null || environment.get("AWS_ACCESS_KEY_ID").isBlank())) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static String holder(String command) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return System.getProperty("user.name") + "@" + host + " pid " + ProcessHandle.current().pid() + " (" + command + ")";
  }

  @Override
  public void close() {
    clients.close();
  }
}
