package io.provisioner.localstack;

import java.net.URI;
import java.util.Objects;

/**
 * A running AWS emulator: where it answers and what it is. Closing it stops it when this process
 * started it; an emulator found already running is left alone.
 */
public final class Emulator implements AutoCloseable {
  private final URI endpoint;
  private final String description;
  private final Runnable stopper;

  public Emulator(URI endpoint, String description, Runnable stopper) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.description = Objects.requireNonNull(description, "description");
    this.stopper = stopper == null ? () -> {} : stopper;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** E.g. {@code moto_server 5.2.1 + provisioner shim (local process, pid 1234)}. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    stopper.run();
  }

  @Override
  public String toString() {
    return description + " at " + endpoint;
  }
}
