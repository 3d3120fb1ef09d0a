package io.provisioner.orchestrator.cli;

import io.provisioner.localstack.EmulatorUnavailableException;
import io.provisioner.orchestrator.config.ConfigException;
import io.provisioner.orchestrator.dag.InvalidDagException;
import io.provisioner.state.LockHeldException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point. Only {@link #main} exits the JVM; everything else returns an exit code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, System.getenv(), args));
  }

  /** Runs one command line; returns its exit code. */
  public static int run(PrintStream out, PrintStream err, Map<String, String> environment, String... args) {
    Console console = new Console(out, err, environment);
    CommandLine cli = new CommandLine(new ProvisionerCommand(console))
        .addSubcommand(new UpCommand(console))
        .addSubcommand(new PlanCommand(console))
        .addSubcommand(new StatusCommand(console))
        .addSubcommand(new VerifyCommand(console))
        .addSubcommand(new RollbackCommand(console))
        .addSubcommand(new DestroyCommand(console))
        .addSubcommand(new GraphCommand(console))
        .addSubcommand(new UnlockCommand(console));
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> exitCodeOf(e, console));
    cli.setParameterExceptionHandler((e, a) -> {
      err.println("error: " + e.getMessage());
      err.println("see: provisioner " + (e.getCommandLine().getCommandName().equals("provisioner") ? ""
          : e.getCommandLine().getCommandName() + " ") + "--help");
      return ExitCode.USAGE;
    });
    return cli.execute(args);
  }

  /** The one place that maps failures to exit codes and messages. */
  static int exitCodeOf(Exception e, Console console) {
    if (e instanceof ConfigException config) {
      console.err("error: " + config.getMessage());
      return ExitCode.USAGE;
    }
    if (e instanceof LockHeldException locked) {
      console.err("error: " + locked.getMessage());
      return ExitCode.LOCKED;
    }
    if (e instanceof InvalidDagException || e instanceof EmulatorUnavailableException
        || e instanceof UsageException || e instanceof CommandLine.ParameterException) {
      console.err("error: " + e.getMessage());
      return ExitCode.USAGE;
    }
    console.err("error: " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
    org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", e);
    return ExitCode.FAILED;
  }
}
