package io.provisioner.localstack;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker paths of {@link EmulatorResolver}, through Testcontainers. Testcontainers is an
 * optional dependency: without it on the classpath (the shaded CLI jar), Docker is treated as
 * unavailable.
 */
final class DockerEmulators {
  private static final Logger LOG = LoggerFactory.getLogger(DockerEmulators.class);
  static final String LOCALSTACK_IMAGE = "localstack/localstack:4.9";
  static final String MOTO_IMAGE = "motoserver/moto:5.1.21";

  private DockerEmulators() {}

  static boolean dockerAvailable() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
    } catch (ClassNotFoundException e) {
      return false;
    }
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      LOG.debug("docker is not usable [error={}]", e.toString());
      return false;
    }
  }

  static Emulator localStack(String authToken) {
    return start(LOCALSTACK_IMAGE, 4566, "LocalStack", authToken);
  }

  static Emulator moto() {
    return start(MOTO_IMAGE, 5000, "moto server (Docker)", null);
  }

  @SuppressWarnings("resource")
  private static Emulator start(String image, int port, String what, String authToken) {
    org.testcontainers.containers.GenericContainer<?> container =
        new org.testcontainers.containers.GenericContainer<>(
                org.testcontainers.utility.DockerImageName.parse(image))
            .withExposedPorts(port)
            .waitingFor(org.testcontainers.containers.wait.strategy.Wait.forListeningPort());
    container.withEnv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
    if (authToken != null) {
      container.withEnv("LOCALSTACK_AUTH_TOKEN", authToken);
    }
    container.start();
    URI endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(port));
    return new Emulator(endpoint, what + " " + image + " (Testcontainers)", container::stop);
  }
}
