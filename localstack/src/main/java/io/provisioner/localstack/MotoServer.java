package io.provisioner.localstack;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the {@code moto_server} executable of this machine and starts it as a local process. */
public final class MotoServer {
  private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);

  private MotoServer() {}

  /**
   * The command that starts moto's server: {@code moto_server} on PATH, else under
   * {@code ~/.pyenv/versions/}*{@code /bin}, else {@code python3 -m moto.server} when python3 can
   * import moto.
   */
  public static Optional<List<String>> command() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "moto_server");
      if (Files.isExecutable(candidate) && !dir.contains("/shims")) {
        return Optional.of(List.of(candidate.toString()));
      }
    }
    Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    if (Files.isDirectory(pyenv)) {
      try (Stream<Path> versions = Files.list(pyenv)) {
        Optional<Path> found = versions.sorted()
            .map(v -> v.resolve("bin").resolve("moto_server"))
            .filter(Files::isExecutable)
            .reduce((first, second) -> second);
        if (found.isPresent()) {
          return Optional.of(List.of(found.get().toString()));
        }
      } catch (IOException e) {
        LOG.debug("could not list {} [error={}]", pyenv, e.toString());
      }
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "moto_server");
      if (Files.isExecutable(candidate)) {
        return Optional.of(List.of(candidate.toString()));
      }
    }
    return Optional.empty();
  }

  /**
   * Starts moto on {@code port} and waits (up to {@code timeout}) until it answers. moto runs
   * through provisioner's moto shim ({@link MotoShim}) when it can: the python of {@code
   * moto_server} runs {@code provisioner_moto.py}, which applies documented corrections and then
   * runs moto's own server main. Otherwise plain {@code moto_server} runs and the description says
   * why the shim is not used.
   *
   * @param detached when true the process is left running after this JVM exits and its pid is
   *     written to {@code pidFile}
   */
  public static Emulator start(int port, Duration timeout, boolean detached, Path logFile, Path pidFile) {
    List<String> motoServer = command().orElseThrow(() -> new EmulatorUnavailableException(
        "moto_server was not found. " + EmulatorUnavailableException.HOW_TO_GET_ONE));
    MotoShim.Launch launch = MotoShim.launch(motoServer, shimHome(pidFile, logFile));
    List<String> command = new ArrayList<>(launch.command());
    command.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    Process process;
    try {
      if (logFile.getParent() != null) {
        Files.createDirectories(logFile.getParent());
      }
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      // AWS managed policies (arn:aws:iam::aws:policy/...) exist only when moto loads them.
      builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
      process = builder.start();
    } catch (IOException e) {
      throw new EmulatorUnavailableException("could not start " + command + ": " + e.getMessage(), e);
    }
    Ready.await(endpoint, process, timeout, logFile);
    String version = version(launch.python().orElse(null), motoServer.get(0));
    if (detached && pidFile != null) {
      try {
        if (pidFile.getParent() != null) {
          Files.createDirectories(pidFile.getParent());
        }
        Files.writeString(pidFile, Long.toString(process.pid()));
      } catch (IOException e) {
        throw new EmulatorUnavailableException("moto_server started but its pid file " + pidFile
            + " could not be written: " + e.getMessage(), e);
      }
    }
    String description = launch.shimmed()
        ? "moto_server" + version + " + provisioner shim (local process, pid " + process.pid() + ")"
        : "moto_server" + version + " (local process, pid " + process.pid()
            + "; WARNING: provisioner shim not used: " + launch.whyNot() + ")";
    if (!launch.shimmed()) {
      LOG.warn("moto runs without the provisioner shim [reason={}]", launch.whyNot());
    }
    LOG.info("emulator started [kind=moto_server] [shim={}] [endpoint={}] [pid={}]",
        launch.shimmed(), endpoint, process.pid());
    Runnable stopper = detached ? () -> {} : () -> {
      process.destroy();
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    };
    return new Emulator(endpoint, description, stopper);
  }

  /** Where the shim is extracted: next to the pid file (~/.provisioner) for detached runs, else tmp. */
  private static Path shimHome(Path pidFile, Path logFile) {
    Path base = pidFile != null ? pidFile.getParent() : null;
    if (base == null) {
      return Path.of(System.getProperty("java.io.tmpdir"));
    }
    return base;
  }

  private static String version(Path python, String executable) {
    Path interpreter = python != null ? python : Path.of(executable).resolveSibling("python3");
    if (!Files.isExecutable(interpreter)) {
      return "";
    }
    try {
      Process p = new ProcessBuilder(interpreter.toString(), "-c", "import moto; print(moto.__version__)")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 && !out.isEmpty() ? " " + out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
