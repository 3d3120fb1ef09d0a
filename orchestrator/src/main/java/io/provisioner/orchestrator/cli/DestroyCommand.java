package io.provisioner.orchestrator.cli;

import io.provisioner.orchestrator.engine.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "destroy", mixinStandardHelpOptions = true,
    description = "Roll back every step in reverse order and forget the environment's step records.")
final class DestroyCommand extends StepCommand {
  @Option(names = "--delete-data", description = "Also delete data-bearing resources (databases, buckets with objects).")
  boolean deleteData;

  DestroyCommand(Console console) {
    super(console);
  }

  @Override
  int execute() {
    try (Session session = open("destroy", deleteData, new ConsoleProgress(console));
         Interrupts ignored = Interrupts.stopOnSignal(session.engine, console)) {
      confirmDestructive(session, "destroy");
      RunSummary summary = session.engine.destroy();
      Reports.summary(console, summary, "provisioner destroy " + (global.env != null ? "--env " + global.env
          : "--config " + global.config));
      return summary.succeeded() ? ExitCode.OK : ExitCode.FAILED;
    }
  }
}
