package io.provisioner.orchestrator.cli;

import io.provisioner.orchestrator.engine.RunSummary;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Roll back completed and failed steps in reverse order. With --to STEP, only what is built on STEP.")
final class RollbackCommand extends StepCommand {
  @Option(names = "--to", paramLabel = "STEP", description = "Stop early: roll back only the steps depending on STEP.")
  String to;

  @Option(names = "--delete-data", description = "Also delete data-bearing resources (databases, buckets with objects).")
  boolean deleteData;

  RollbackCommand(Console console) {
    super(console);
  }

  @Override
  int execute() {
    try (Session session = open("rollback", deleteData, new ConsoleProgress(console));
         Interrupts ignored = Interrupts.stopOnSignal(session.engine, console)) {
      confirmDestructive(session, "rollback");
      RunSummary summary;
      try {
        summary = session.engine.rollback(Optional.ofNullable(to));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      Reports.summary(console, summary, "provisioner rollback " + (global.env != null ? "--env " + global.env
          : "--config " + global.config) + (to == null ? "" : " --to " + to));
      return summary.succeeded() ? ExitCode.OK : ExitCode.FAILED;
    }
  }
}
