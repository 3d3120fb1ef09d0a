package io.provisioner.orchestrator.dag;

/** The work of one node; the executor calls it on a worker thread once its dependencies succeeded. */
@FunctionalInterface
public interface NodeWork {
  /**
   * @return SUCCEEDED or SKIPPED (with a reason in the result's detail); throw to fail the node
   */
  NodeResult run(String id) throws Exception;
}
