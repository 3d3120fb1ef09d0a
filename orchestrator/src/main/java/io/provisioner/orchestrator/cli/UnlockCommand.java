package io.provisioner.orchestrator.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "unlock", mixinStandardHelpOptions = true,
    description = "Break an environment's lock on purpose (when its holder is known to be dead).")
final class UnlockCommand extends StepCommand {
  @Option(names = "--force", description = "Required: breaking a live lock is deliberate.")
  boolean force;

  @Option(names = "--lock-id", paramLabel = "ID", description = "The lock id that 'status' or the lock error shows.")
  String lockId;

  UnlockCommand(Console console) {
    super(console);
  }

  @Override
  int execute() {
    if (!force || lockId == null) {
      throw new UsageException("unlock needs --force and --lock-id ID (shown by 'status' and by the lock error)");
    }
    try (Session session = open("unlock", false, io.provisioner.orchestrator.engine.ProgressListener.NONE)) {
      confirmDestructive(session, "unlock");
      if (session.engine.unlock(lockId)) {
        console.out("lock " + lockId + " of environment " + session.profile.name() + " broken");
        return ExitCode.OK;
      }
      console.err("error: environment " + session.profile.name() + " holds no lock with id " + lockId
          + "; 'status' shows the current lock");
      return ExitCode.FAILED;
    }
  }
}
