package io.provisioner.orchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code provisioner}: without a subcommand, prints the usage. */
@Command(name = "provisioner", mixinStandardHelpOptions = true, version = "provisioner 0.1.0",
    description = "Stands up a production AWS environment as an ordered DAG of idempotent steps.",
    subcommands = CommandLine.HelpCommand.class)
final class ProvisionerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  ProvisionerCommand(Console console) {
    this.console = console;
  }

  private final Console console;

  Console console() {
    return console;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCode.USAGE;
  }
}
