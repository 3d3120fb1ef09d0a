package io.provisioner.steps.data.rds;

import java.util.List;
import java.util.Map;

/** Specs used by the tests: a production-shaped one (seed values) and a small one. */
final class RdsTestSpecs {
  static final Map<String, String> PARAMETERS = Map.of(
      "rds.force_ssl", "1",
      "log_min_duration_statement", "1000",
      "log_connections", "1",
      "log_disconnections", "1",
      "shared_preload_libraries", "pg_stat_statements");

  private RdsTestSpecs() {}

  /** Seed 004's production database. */
  static RdsSpec prod(String identifier) {
    return new RdsSpec(identifier, "15.4", "db.r5.2xlarge", 100, 1000, "gp3", "app", "app_admin", true, 30,
        "03:00-04:00", "mon:04:00-mon:05:00", true, true, new RdsSpec.PerformanceInsights(true, 7), 60,
        List.of("postgresql", "upgrade"), PARAMETERS, null,
        List.of(new RdsSpec.Replica("us-east-1b", "db.r5.xlarge"), new RdsSpec.Replica("us-east-1c", "db.r5.xlarge")),
        true);
  }

  /**
   * A small spec the emulator can hold and read back, with the seed's Performance Insights (on, 7
   * days) and its touching backup and maintenance windows. moto 5.2.1 alone never reported
   * PerformanceInsightsEnabled and took touching windows for overlapping; the test emulator's shim
   * (localstack/moto-shim, patches 5a and 5b) corrects both, as RDS behaves.
   */
  static RdsSpec emulator(String identifier, boolean deletionProtection, List<RdsSpec.Replica> replicas) {
    return new RdsSpec(identifier, "15.4", "db.t3.medium", 20, 100, "gp3", "app", "app_admin", true, 7,
        "03:00-04:00", "mon:04:00-mon:05:00", deletionProtection, true, new RdsSpec.PerformanceInsights(true, 7), 60,
        List.of("postgresql", "upgrade"), PARAMETERS, null, replicas, true);
  }
}
