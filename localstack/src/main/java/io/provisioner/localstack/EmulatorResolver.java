package io.provisioner.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds an AWS emulator in a fixed order, the same as {@code localstack/start}:
 *
 * <ol>
 *   <li>{@code AWS_ENDPOINT_URL} when set and answering;
 *   <li>LocalStack in Docker when Docker runs and {@code LOCALSTACK_AUTH_TOKEN} is set;
 *   <li>the moto server image in Docker when Docker runs;
 *   <li>a local {@code moto_server} process.
 * </ol>
 */
public final class EmulatorResolver {
  private static final Logger LOG = LoggerFactory.getLogger(EmulatorResolver.class);

  /** LocalStack's usual port, where {@code --local} looks first. */
  public static final int LOCALSTACK_PORT = 4566;

  private final Map<String, String> env;
  private final Duration startTimeout;

  public EmulatorResolver(Map<String, String> env, Duration startTimeout) {
    this.env = Map.copyOf(env);
    this.startTimeout = startTimeout;
  }

  public static EmulatorResolver fromEnvironment() {
    return new EmulatorResolver(System.getenv(), Duration.ofSeconds(60));
  }

  /** An emulator for a test run: stopped again when the returned handle is closed. */
  public Emulator resolveForTests() {
    Optional<Emulator> configured = configured();
    if (configured.isPresent()) {
      return configured.get();
    }
    if (DockerEmulators.dockerAvailable()) {
      String token = env.get("LOCALSTACK_AUTH_TOKEN");
      return token != null && !token.isBlank()
          ? DockerEmulators.localStack(token)
          : DockerEmulators.moto();
    }
    if (MotoServer.command().isPresent()) {
      Path log = Path.of(System.getProperty("java.io.tmpdir"), "provisioner-moto-" + ProcessHandle.current().pid() + ".log");
      return MotoServer.start(Endpoints.freePort(), startTimeout, false, log, null);
    }
    throw new EmulatorUnavailableException("No AWS emulator is available for the integration tests. "
        + EmulatorUnavailableException.HOW_TO_GET_ONE);
  }

  /**
   * The emulator for {@code --local}: {@code AWS_ENDPOINT_URL} when set, else whatever answers on
   * port 4566, else a moto server started detached on 4566 and left running, so that {@code up},
   * {@code status} and {@code destroy} all see the same in-memory environment. {@code
   * localstack/stop} ends it.
   */
  public Emulator resolveForLocalRun(Path stateDir) {
    Optional<Emulator> configured = configured();
    if (configured.isPresent()) {
      return configured.get();
    }
    URI usual = URI.create("http://127.0.0.1:" + LOCALSTACK_PORT);
    if (Endpoints.answers(usual)) {
      LOG.info("reusing emulator [endpoint={}]", usual);
      return new Emulator(usual, "emulator already running on port " + LOCALSTACK_PORT, null);
    }
    return MotoServer.start(LOCALSTACK_PORT, startTimeout, true, stateDir.resolve("emulator.log"),
        stateDir.resolve("emulator.pid"));
  }

  private Optional<Emulator> configured() {
    String url = env.get("AWS_ENDPOINT_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    URI endpoint = URI.create(url.trim());
    if (!Endpoints.answers(endpoint)) {
      throw new EmulatorUnavailableException("AWS_ENDPOINT_URL is " + url
          + " but nothing answers there; start the emulator or unset AWS_ENDPOINT_URL");
    }
    return Optional.of(new Emulator(endpoint, "emulator from AWS_ENDPOINT_URL", null));
  }
}
