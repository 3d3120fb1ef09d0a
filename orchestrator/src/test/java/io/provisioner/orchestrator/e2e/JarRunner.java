package io.provisioner.orchestrator.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs the built provisioner.jar as a separate process, the way an operator would. */
final class JarRunner {
  /** What a finished command printed and returned. */
  record Result(int exitCode, String out, String err, Duration elapsed) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Path jar;
  private final Path workingDirectory;

  JarRunner(Path workingDirectory) {
    String property = System.getProperty("provisioner.jar");
    if (property == null) {
      throw new IllegalStateException("system property provisioner.jar is not set; run the ITs through mvn verify");
    }
    this.jar = Path.of(property);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist; the package phase builds it");
    }
    this.workingDirectory = workingDirectory;
  }

  /**
   * The step ids of an environment, in DAG order, as {@code graph} prints them (no AWS call), so
   * the tests follow the profile instead of listing steps by hand.
   */
  List<String> steps(String env) throws IOException, InterruptedException {
    Result graph = run("graph", "--env", env);
    if (graph.exitCode() != 0) {
      throw new AssertionError("graph failed: " + graph);
    }
    List<String> ids = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s+\"([^\"]+)\";$").matcher(graph.out());
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  Result run(String... args) throws IOException, InterruptedException {
    Process process = start(args);
    long t0 = System.nanoTime();
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread errReader = new Thread(() -> {
      try {
        err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.complete("(stderr unreadable: " + e + ")");
      }
    });
    errReader.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("provisioner " + String.join(" ", args) + " did not end within 5 minutes");
    }
    errReader.join(10_000);
    return new Result(process.exitValue(), out, err.getNow(""), Duration.ofNanos(System.nanoTime() - t0));
  }

  /**
   * Starts a command and kills it with SIGKILL as soon as a line of its output matches.
   *
   * @return the lines printed before the kill
   */
  List<String> killWhen(Predicate<String> line, String... args) throws IOException, InterruptedException {
    return signalWhen(line, false, args).out().lines().toList();
  }

  /**
   * Starts a command and signals it as soon as a line of its output matches: SIGKILL (nothing runs
   * after it) or, when {@code graceful}, SIGTERM (what Ctrl-C amounts to: the shutdown hook runs).
   *
   * @return the exit code and everything printed, before and after the signal
   */
  Result signalWhen(Predicate<String> line, boolean graceful, String... args) throws IOException, InterruptedException {
    Process process = start(args);
    long t0 = System.nanoTime();
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread errReader = new Thread(() -> {
      try {
        err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.complete("(stderr unreadable: " + e + ")");
      }
    });
    errReader.start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String next;
      boolean signalled = false;
      while ((next = reader.readLine()) != null) {
        out.append(next).append('\n');
        if (!signalled && line.test(next)) {
          signalled = true;
          if (graceful) {
            process.toHandle().destroy(); // SIGTERM, keeping our end of its pipes open
          } else {
            process.destroyForcibly();
            break;
          }
        }
      }
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("provisioner " + String.join(" ", args) + " did not end within 2 minutes of the signal");
    }
    errReader.join(10_000);
    return new Result(process.exitValue(), out.toString(), err.getNow(""), Duration.ofNanos(System.nanoTime() - t0));
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("HOME", workingDirectory.toString());
    return builder.start();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
