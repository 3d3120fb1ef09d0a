package io.provisioner.orchestrator.engine;

import io.provisioner.steps.ServiceProbe;
import io.provisioner.steps.Step;
import io.provisioner.steps.StepContext;
import io.provisioner.steps.aws.ApiCallCounter;
import io.provisioner.steps.aws.AwsErrors;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * In emulator mode only: asks each service the steps need a cheap read. A service the emulator
 * does not implement (it answers 404/501, an HTML 500 without an AWS error code, or an
 * unknown-operation error) makes the steps that need
 * it SKIPPED with the reason. Any other failure is not a reason to skip and is left to the step.
 */
final class Preflight {
  static final String PROBE_ATTRIBUTION = "preflight";

  private Preflight() {}

  /** @return step id → reason, for the steps to skip */
  static Map<String, String> unsupported(List<Step> steps, Function<Step, StepContext> contexts) {
    Map<String, String> serviceVerdict = new HashMap<>();
    Map<String, String> skip = new LinkedHashMap<>();
    try (ApiCallCounter.Scope ignored = ApiCallCounter.attribute(PROBE_ATTRIBUTION)) {
      for (Step step : steps) {
        for (ServiceProbe probe : step.probes()) {
          String verdict = serviceVerdict.computeIfAbsent(probe.service(), s -> probe(probe, contexts.apply(step)));
          if (!verdict.isEmpty()) {
            skip.putIfAbsent(step.id(), "unsupported by endpoint: " + verdict);
          }
        }
      }
    }
    return skip;
  }

  private static String probe(ServiceProbe probe, StepContext ctx) {
    try {
      probe.call().accept(ctx);
      return "";
    } catch (AwsServiceException e) {
      int status = e.statusCode();
      String code = AwsErrors.code(e);
      // moto answers services it lacks with 404/501, or with an HTML 500 that carries no AWS error code
      if (status == 404 || status == 501 || (status == 500 && code.isEmpty()) || code.contains("NotImplemented") || code.equals("UnknownOperationException")
          || code.equals("InvalidAction")) {
        return probe.service() + " is not implemented by the emulator (HTTP " + status
            + (code.isEmpty() ? "" : ", " + code) + ")";
      }
      return "";
    } catch (RuntimeException e) {
      return "";
    }
  }
}
