package io.provisioner.orchestrator.cli;

import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show every step's status, the lock and the recent runs with their timings and API calls.")
final class StatusCommand extends StepCommand {
  StatusCommand(Console console) {
    super(console);
  }

  @Override
  int execute() {
    try (Session session = open("status", false, io.provisioner.orchestrator.engine.ProgressListener.NONE)) {
      Reports.status(console, session.profile.name(), session.engine.status(), session.engine.runs(5),
          session.engine.lock());
      return ExitCode.OK;
    }
  }
}
