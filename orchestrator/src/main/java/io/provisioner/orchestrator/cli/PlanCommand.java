package io.provisioner.orchestrator.cli;

import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Verify every step and print what up would create or change. Changes nothing.")
final class PlanCommand extends StepCommand {
  PlanCommand(Console console) {
    super(console);
  }

  @Override
  int execute() {
    try (Session session = open("plan", false, io.provisioner.orchestrator.engine.ProgressListener.NONE)) {
      console.out("plan " + session.profile.name() + ":");
      boolean inSync = Reports.checks(console, session.engine.check(), true);
      console.out(inSync ? "nothing to do" : "run 'up' to apply");
      return ExitCode.OK;
    }
  }
}
