package io.provisioner.orchestrator.engine;

/**
 * The AWS API calls one step made in a run.
 *
 * @param reads calls that only read
 * @param mutations calls that change something
 */
public record ApiCalls(long reads, long mutations) {
  public static final ApiCalls NONE = new ApiCalls(0, 0);

  public ApiCalls plus(ApiCalls other) {
    return new ApiCalls(reads + other.reads, mutations + other.mutations);
  }
}
