package io.provisioner.orchestrator.cli;

import io.provisioner.orchestrator.dag.NodeResult;
import io.provisioner.orchestrator.engine.ProgressListener;

/** Prints a line when a step starts and when it ends. */
final class ConsoleProgress implements ProgressListener {
  private final Console console;

  ConsoleProgress(Console console) {
    this.console = console;
  }

  @Override
  public void started(String stepId, String action) {
    console.out("  ... " + stepId + " " + action);
  }

  @Override
  public void finished(NodeResult result, long reads, long mutations) {
    if (Reports.nothingToDo(result)) {
      return;
    }
    console.out(Reports.resultLine(result, reads, mutations));
  }
}
