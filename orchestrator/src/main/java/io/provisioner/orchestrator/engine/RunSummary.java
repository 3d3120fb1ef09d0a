package io.provisioner.orchestrator.engine;

import io.provisioner.orchestrator.dag.NodeResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param env environment
 * @param runId the run's id
 * @param command up, rollback, destroy
 * @param results per step, in DAG order
 * @param calls per step, the API calls it made
 * @param elapsed wall time of the run
 * @param stopped true when Ctrl-C or a lost lock stopped it early
 */
public record RunSummary(String env, String runId, String command, Map<String, NodeResult> results,
    Map<String, ApiCalls> calls, Duration elapsed, boolean stopped) {

  public boolean succeeded() {
    return !stopped && results.values().stream().noneMatch(r ->
        r.outcome() == NodeResult.Outcome.FAILED || r.outcome() == NodeResult.Outcome.NOT_RUN);
  }

  public List<String> ids(NodeResult.Outcome outcome) {
    return results.values().stream().filter(r -> r.outcome() == outcome).map(NodeResult::id).toList();
  }

  public ApiCalls totalCalls() {
    return calls.values().stream().reduce(ApiCalls.NONE, ApiCalls::plus);
  }

  public long totalMutations() {
    return totalCalls().mutations();
  }

  public long totalReads() {
    return totalCalls().reads();
  }
}
