package io.provisioner.orchestrator.cli;

import io.provisioner.orchestrator.engine.Engine;
import java.time.Duration;

/**
 * Ctrl-C during a run: the engine starts nothing new, running steps finish and checkpoint, the run
 * is recorded as STOPPED and the lock released before the JVM exits.
 */
final class Interrupts implements AutoCloseable {
  private final Thread hook;

  private Interrupts(Thread hook) {
    this.hook = hook;
  }

  static Interrupts stopOnSignal(Engine engine, Console console) {
    Thread hook = new Thread(() -> {
      console.err("interrupted: starting nothing new; waiting for running steps to finish and checkpoint...");
      engine.stop();
      try {
        engine.awaitFinished(Duration.ofMinutes(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "provisioner-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return new Interrupts(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running and waits for us
    }
  }
}
