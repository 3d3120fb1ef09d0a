package io.provisioner.orchestrator.config;

import io.provisioner.steps.spec.SpecCheck;

/**
 * Where the state lives (seed 000 "State"). The first {@code up} bootstraps it: a customer managed
 * KMS key of its own ({@code keyAlias}), the DynamoDB table encrypted with it (point-in-time recovery
 * and deletion protection on), and, with {@code exportRuns}, a versioned, encrypted, private bucket
 * {@code <table>-runs-<account>-<region>} that receives each run's record as JSON when it ends.
 *
 * @param table the DynamoDB state table, created by the first {@code up} when missing
 * @param account logical account that holds the table, the key and the bucket
 * @param leaseSeconds how long a lock lease lasts without a heartbeat
 * @param heartbeatSeconds how often the holder renews it (less than a third of the lease)
 * @param keyAlias alias of the state's KMS key; default {@code alias/<table>}
 * @param exportRuns export each run's record to the state bucket; default true
 */
public record StateSettings(String table, String account, int leaseSeconds, int heartbeatSeconds, String keyAlias,
    Boolean exportRuns) {
  public StateSettings {
    SpecCheck.of()
        .require(table != null && table.matches("[A-Za-z0-9_.-]{3,255}"), "table",
            "must be 3-255 letters, digits, _ . -")
        .notBlank(account, "account")
        .require(leaseSeconds >= 10 && leaseSeconds <= 3600, "leaseSeconds", leaseSeconds + " is out of range 10-3600")
        .require(heartbeatSeconds >= 1 && heartbeatSeconds * 3 <= leaseSeconds, "heartbeatSeconds",
            "must be at least 1 and at most a third of leaseSeconds (" + leaseSeconds + ")")
        .require(keyAlias == null || (keyAlias.matches("alias/[A-Za-z0-9/_-]{1,250}") && !keyAlias.startsWith("alias/aws/")),
            "keyAlias", "must look like alias/<name> (letters, digits, / _ -), not under alias/aws/")
        .done();
    if (keyAlias == null && table != null) {
      keyAlias = "alias/" + table.replaceAll("[^A-Za-z0-9/_-]", "-");
    }
    exportRuns = exportRuns == null || exportRuns;
  }
}
