package io.provisioner.orchestrator.cli;

import io.provisioner.orchestrator.dag.NodeResult;
import io.provisioner.orchestrator.engine.Engine;
import io.provisioner.orchestrator.engine.RunSummary;
import io.provisioner.state.Lease;
import io.provisioner.state.RunRecord;
import io.provisioner.state.StepRecord;
import io.provisioner.steps.Verification;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Formats what the commands print. */
final class Reports {
  private Reports() {}

  static String resultLine(NodeResult r, long reads, long mutations) {
    String mark = switch (r.outcome()) {
      case SUCCEEDED -> "  ok  ";
      case FAILED -> "  FAIL";
      case SKIPPED -> "  skip";
      case NOT_RUN -> "  --  ";
    };
    return String.format(Locale.ROOT, "%s %-28s %-9s %7s  reads %4d  mutations %4d%s", mark, r.id(),
        r.outcome().name(), seconds(r.elapsed()), reads, mutations, r.detail() == null ? "" : "  " + r.detail());
  }

  static void summary(Console console, RunSummary s, String resumeCommand) {
    console.out("");
    long unchanged = s.results().values().stream().filter(Reports::nothingToDo).count();
    console.out(String.format(Locale.ROOT, "%s %s: %d succeeded, %d unchanged, %d failed, %d skipped, %d not run in %s "
            + "(run %s; API calls: %d reads, %d mutating)",
        s.command(), s.env(), s.ids(NodeResult.Outcome.SUCCEEDED).size(), unchanged,
        s.ids(NodeResult.Outcome.FAILED).size(), s.ids(NodeResult.Outcome.SKIPPED).size() - unchanged,
        s.ids(NodeResult.Outcome.NOT_RUN).size(), seconds(s.elapsed()), s.runId(), s.totalReads(),
        s.totalMutations()));
    s.results().values().stream()
        .filter(r -> r.outcome() == NodeResult.Outcome.SKIPPED && !nothingToDo(r))
        .forEach(r -> console.out("  SKIPPED " + r.id() + ": " + r.detail()));
    s.results().values().stream().filter(r -> r.outcome() == NodeResult.Outcome.FAILED)
        .forEach(r -> console.out("  FAILED " + r.id() + ": " + r.detail()));
    if (!s.succeeded()) {
      if (s.stopped()) {
        console.out("The run was stopped; running steps finished and were checkpointed.");
      }
      console.out("Fix the cause, then resume with: " + resumeCommand);
    }
  }

  /** Skipped because there was nothing to do, as opposed to skipped as unsupported. */
  static boolean nothingToDo(NodeResult r) {
    return r.outcome() == NodeResult.Outcome.SKIPPED && r.detail() != null
        && (r.detail().equals("unchanged") || r.detail().equals("in sync") || r.detail().equals("nothing to roll back"));
  }

  static void status(Console console, String env, List<StepRecord> records, List<RunRecord> runs,
      java.util.Optional<Lease> lock) {
    console.out("environment " + env);
    console.out(String.format(Locale.ROOT, "  %-28s %-12s %8s %6s %9s  %s", "STEP", "STATUS", "ATTEMPTS", "READS",
        "MUTATIONS", "LAST ERROR / NOTE"));
    for (StepRecord r : records) {
      console.out(String.format(Locale.ROOT, "  %-28s %-12s %8d %6d %9d  %s", r.stepId(), r.status(), r.attempts(),
          r.reads(), r.mutations(), r.lastError() == null ? "" : r.lastError()));
    }
    lock.ifPresentOrElse(
        l -> console.out("lock: held by " + l.holder() + " since " + l.acquiredAt() + ", lease until " + l.expiresAt()
            + " (lock id " + l.lockId() + ")"),
        () -> console.out("lock: free"));
    if (!runs.isEmpty()) {
      console.out("recent runs:");
      for (RunRecord run : runs) {
        String took = run.endedAt() == null ? "running" : seconds(Duration.between(run.startedAt(), run.endedAt()));
        long reads = run.steps().stream().mapToLong(RunRecord.StepRun::reads).sum();
        long mutations = run.steps().stream().mapToLong(RunRecord.StepRun::mutations).sum();
        console.out(String.format(Locale.ROOT, "  %s %-8s %-9s %8s  reads %d mutating %d  by %s", run.runId(),
            run.command(), run.result(), took, reads, mutations, run.who()));
        for (RunRecord.StepRun step : run.steps()) {
          if (step.startedAt() != null) {
            console.out(String.format(Locale.ROOT, "      %-28s %-9s %8s  reads %d mutating %d", step.stepId(),
                step.status(), step.endedAt() == null ? "" : seconds(Duration.between(step.startedAt(), step.endedAt())),
                step.reads(), step.mutations()));
          }
        }
      }
    }
  }

  /** @return true when everything is in sync */
  static boolean checks(Console console, List<Engine.Check> checks, boolean planWording) {
    boolean inSync = true;
    for (Engine.Check c : checks) {
      if (c.verification() == null) {
        console.out("  skip     " + c.stepId() + ": " + c.note());
        continue;
      }
      Verification v = c.verification();
      String word = switch (v.status()) {
        case IN_SYNC -> planWording ? "no change" : "in sync";
        case DRIFTED -> planWording ? "update" : "DRIFTED";
        case CONVERGING -> planWording ? "wait (converging)" : "CONVERGING";
        case MISSING -> planWording ? "create" : "MISSING";
      };
      if (v.status() == Verification.Status.IN_SYNC && c.specChanged() && planWording) {
        word = "converge (spec or inputs changed)";
      }
      if (!v.isInSync()) {
        inSync = false;
      }
      console.out(String.format(Locale.ROOT, "  %-24s %s", word, c.stepId()));
      v.differences().forEach(d -> console.out("      - " + d));
    }
    return inSync;
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
