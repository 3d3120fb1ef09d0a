package io.provisioner.orchestrator.engine;

import io.provisioner.orchestrator.dag.NodeResult;

/** Live progress of a run, for the CLI to show. Called from worker threads. */
public interface ProgressListener {
  void started(String stepId, String action);

  void finished(NodeResult result, long reads, long mutations);

  ProgressListener NONE = new ProgressListener() {
    @Override
    public void started(String stepId, String action) {}

    @Override
    public void finished(NodeResult result, long reads, long mutations) {}
  };
}
