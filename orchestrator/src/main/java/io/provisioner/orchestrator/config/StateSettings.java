package io.provisioner.orchestrator.config;

import io.provisioner.steps.support.SpecCheck;

/**
 * @param table the DynamoDB state table, created by the first {@code up} when missing
 * @param account logical account that holds the table
 * @param leaseSeconds how long a lock lease lasts without a heartbeat
 * @param heartbeatSeconds how often the holder renews it (less than a third of the lease)
 */
public record StateSettings(String table, String account, int leaseSeconds, int heartbeatSeconds) {
  public StateSettings {
    SpecCheck.of()
        .require(table != null && table.matches("[A-Za-z0-9_.-]{3,255}"), "table",
            "must be 3-255 letters, digits, _ . -")
        .notBlank(account, "account")
        .require(leaseSeconds >= 10 && leaseSeconds <= 3600, "leaseSeconds", leaseSeconds + " is out of range 10-3600")
        .require(heartbeatSeconds >= 1 && heartbeatSeconds * 3 <= leaseSeconds, "heartbeatSeconds",
            "must be at least 1 and at most a third of leaseSeconds (" + leaseSeconds + ")")
        .done();
  }
}
