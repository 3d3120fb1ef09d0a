package io.provisioner.orchestrator.cli;

import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Compare the environment with its profile. Exit 3 when anything drifted or is missing.")
final class VerifyCommand extends StepCommand {
  VerifyCommand(Console console) {
    super(console);
  }

  @Override
  int execute() {
    try (Session session = open("verify", false, io.provisioner.orchestrator.engine.ProgressListener.NONE)) {
      console.out("verify " + session.profile.name() + ":");
      boolean inSync = Reports.checks(console, session.engine.check(), false);
      console.out(inSync ? "in sync" : "drift found; 'plan' shows what 'up' would do");
      return inSync ? ExitCode.OK : ExitCode.DRIFT;
    }
  }
}
