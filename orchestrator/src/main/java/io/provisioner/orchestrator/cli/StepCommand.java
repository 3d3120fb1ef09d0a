package io.provisioner.orchestrator.cli;

import io.provisioner.orchestrator.engine.ProgressListener;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** Base of the commands that work on an environment. */
abstract class StepCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  final Console console;

  StepCommand(Console console) {
    this.console = console;
  }

  @Override
  public final Integer call() throws Exception {
    Logging.configure(global.logFormat, global.verbose.length);
    return execute();
  }

  abstract int execute() throws Exception;

  Session open(String command, boolean deleteData, ProgressListener progress) {
    Session session = Session.open(global, console.environment(), deleteData, command, progress);
    if (session.endpointDescription != null) {
      console.out("using " + session.endpointDescription);
    }
    return session;
  }

  /** Destructive commands on a protected profile need --yes or a typed confirmation. */
  void confirmDestructive(Session session, String what) {
    if (!session.profile.protectedEnvironment() || global.yes) {
      return;
    }
    if (!console.confirm(what + " on protected environment '" + session.profile.name() + "'.", session.profile.name())) {
      throw new UsageException(what + " on protected environment '" + session.profile.name()
          + "' needs confirmation: run it on a terminal and type the environment name, or pass --yes");
    }
  }
}
