package io.provisioner.orchestrator.cli;

import io.provisioner.orchestrator.engine.RunSummary;
import picocli.CommandLine.Command;

@Command(name = "up", aliases = "resume", mixinStandardHelpOptions = true,
    description = "Create or converge the environment. Run it again to resume after a failure or a kill.")
final class UpCommand extends StepCommand {
  @picocli.CommandLine.Option(names = "--converge",
      description = "Also verify completed steps and repair what drifted behind provisioner's back.")
  boolean converge;

  UpCommand(Console console) {
    super(console);
  }

  @Override
  int execute() {
    try (Session session = open("up", false, new ConsoleProgress(console));
         Interrupts ignored = Interrupts.stopOnSignal(session.engine, console)) {
      console.out("up " + session.profile.name() + ": " + session.engine.dag().order().size() + " steps, parallelism "
          + (global.parallelism != null ? global.parallelism : session.profile.execution().parallelism()));
      RunSummary summary = session.engine.up(converge);
      Reports.summary(console, summary, resumeCommand());
      return summary.succeeded() ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  private String resumeCommand() {
    StringBuilder b = new StringBuilder("provisioner up");
    if (global.config != null) {
      b.append(" --config ").append(global.config);
    } else {
      b.append(" --env ").append(global.env);
    }
    if (global.endpoint != null) {
      b.append(" --endpoint ").append(global.endpoint);
    }
    if (global.local) {
      b.append(" --local");
    }
    return b.toString();
  }
}
