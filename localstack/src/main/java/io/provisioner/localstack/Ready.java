package io.provisioner.localstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits, with a deadline, for a freshly started emulator to answer. */
final class Ready {
  private Ready() {}

  static void await(URI endpoint, Process process, Duration timeout, Path logFile) {
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "emulator-ready");
      t.setDaemon(true);
      return t;
    });
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Instant started = Instant.now();
    poller.scheduleWithFixedDelay(() -> {
      if (!process.isAlive()) {
        ready.completeExceptionally(new EmulatorUnavailableException(
            "the emulator exited with code " + process.exitValue() + " before answering at " + endpoint
                + "; its output: " + tail(logFile)));
      } else if (Endpoints.answers(endpoint)) {
        ready.complete(null);
      }
    }, 0, 200, TimeUnit.MILLISECONDS);
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new EmulatorUnavailableException("the emulator did not answer at " + endpoint + " within "
          + Duration.between(started, Instant.now()).toSeconds() + " s; its output: " + tail(logFile));
    } catch (ExecutionException e) {
      throw (EmulatorUnavailableException) e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new EmulatorUnavailableException("interrupted while waiting for the emulator at " + endpoint);
    } finally {
      poller.shutdownNow();
    }
  }

  private static String tail(Path logFile) {
    try {
      String text = Files.readString(logFile);
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
