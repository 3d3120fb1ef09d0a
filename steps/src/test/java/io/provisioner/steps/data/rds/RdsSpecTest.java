package io.provisioner.steps.data.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.spec.InvalidSpecException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RdsSpecTest {

  private static RdsSpec spec(String identifier, String engineVersion, int storage, int maxStorage, int retention,
      String backup, String maintenance, int monitoring, List<String> logs, Map<String, String> parameters,
      List<RdsSpec.Replica> replicas) {
    return new RdsSpec(identifier, engineVersion, "db.r5.2xlarge", storage, maxStorage, "gp3", "app", "app_admin", true,
        retention, backup, maintenance, true, true, new RdsSpec.PerformanceInsights(true, 7), monitoring, logs,
        parameters, null, replicas, true);
  }

  private static InvalidSpecException problems(Runnable build) {
    try {
      build.run();
    } catch (InvalidSpecException e) {
      return e;
    }
    throw new AssertionError("the spec was accepted");
  }

  @Test
  void prodSpec_withSeedValues_isValid_andDerivesFamilyAndNames() {
    RdsSpec spec = RdsTestSpecs.prod("provisioner-prod-postgres");

    assertThat(spec.majorVersion()).isEqualTo("15");
    assertThat(spec.parameterGroupFamily()).isEqualTo("postgres15");
    assertThat(RdsNames.parameterGroup(spec.identifier(), spec.majorVersion())).isEqualTo("provisioner-prod-postgres-pg15");
    assertThat(RdsNames.replicaIdentifier(spec.identifier(), "us-east-1b"))
        .isEqualTo("provisioner-prod-postgres-replica-us-east-1b");
    assertThat(spec.classOf(spec.replicas().get(0))).isEqualTo("db.r5.xlarge");
    assertThat(spec.classOf(new RdsSpec.Replica("us-east-1a", null))).isEqualTo("db.r5.2xlarge");
  }

  @Test
  void identifier_mustBeAnRdsIdentifier() {
    for (String bad : new String[] {"1pg", "pg--db", "pg-", "Pg-Prod", "pg_db", "", "p".repeat(64)}) {
      assertThat(problems(() -> spec(bad, "15.4", 100, 0, 30, "03:00-04:00", "mon:04:00-mon:05:00", 60,
          List.of(), Map.of(), List.of())).problems())
          .as(bad).extracting(InvalidSpecException.Problem::field).contains("identifier");
    }
    assertThat(spec("p" + "g".repeat(62), "15.4", 100, 0, 30, "03:00-04:00", "mon:04:00-mon:05:00", 60,
        List.of(), Map.of(), List.of()).identifier()).hasSize(63);
  }

  @Test
  void replicaIdentifier_mustFit63Characters_andAzsMustBeDistinct() {
    String longId = "provisioner-production-postgres-primary-0001-abcdefghijk";
    InvalidSpecException e = problems(() -> spec(longId, "15.4", 100, 0, 30, "03:00-04:00", "mon:04:00-mon:05:00", 60,
        List.of(), Map.of(), List.of(new RdsSpec.Replica("us-east-1b", null), new RdsSpec.Replica("us-east-1b", null))));

    assertThat(e.getMessage()).contains("replicas[0]: its identifier " + longId + "-replica-us-east-1b is longer than 63")
        .contains("replicas[1].availabilityZone: us-east-1b is given twice");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    InvalidSpecException e = problems(() -> new RdsSpec("pg", "9.6", "r5.large", 10, 5, "io1", "1db", "rdsadmin", true,
        40, "3:00-4:00", "monday:04:00", true, true, null, 45, List.of("postgresql", "audit"),
        Map.of("Bad Name", "1"), null, List.of(), false));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field).contains("engineVersion", "instanceClass",
        "allocatedStorage", "maxAllocatedStorage", "storageType", "databaseName", "masterUsername",
        "backupRetentionDays", "backupWindow", "maintenanceWindow", "monitoringIntervalSeconds", "logExports",
        "parameters");
  }

  @Test
  void windows_mustNotOverlap_butMayTouch() {
    assertThat(spec("pg", "15.4", 100, 0, 30, "03:00-04:00", "mon:04:00-mon:05:00", 60, List.of(), Map.of(), List.of())
        .maintenanceWindow()).isEqualTo("mon:04:00-mon:05:00");
    assertThat(spec("pg", "15.4", 100, 0, 30, "03:00-04:00", "MON:04:30-Mon:05:30", 60, List.of(), Map.of(), List.of())
        .maintenanceWindow()).as("stored in lowercase, as RDS reports it").isEqualTo("mon:04:30-mon:05:30");

    assertThat(problems(() -> spec("pg", "15.4", 100, 0, 30, "03:00-04:00", "tue:03:30-tue:04:30", 60, List.of(),
        Map.of(), List.of())).getMessage()).contains("maintenanceWindow: overlaps the daily backup window 03:00-04:00");
    assertThat(problems(() -> spec("pg", "15.4", 100, 0, 30, "03:00-03:20", "sun:23:50-mon:00:10", 60, List.of(),
        Map.of(), List.of())).getMessage())
        .contains("backupWindow: must be at least 30 minutes").contains("maintenanceWindow: must be from 30 minutes");
  }

  @Test
  void replicas_needAutomatedBackups() {
    assertThat(problems(() -> spec("pg", "15.4", 100, 0, 0, "03:00-04:00", "mon:04:00-mon:05:00", 60, List.of(),
        Map.of(), List.of(new RdsSpec.Replica("us-east-1b", null)))).getMessage())
        .contains("backupRetentionDays").contains("replicas: read replicas need automated backups");
  }

  @Test
  void performanceInsightsRetention_isSevenOrWholeMonths() {
    assertThat(new RdsSpec.PerformanceInsights(true, 7).retentionDays()).isEqualTo(7);
    assertThat(new RdsSpec.PerformanceInsights(true, 62).retentionDays()).isEqualTo(62);
    assertThat(new RdsSpec.PerformanceInsights(true, 731).retentionDays()).isEqualTo(731);
    assertThat(new RdsSpec.PerformanceInsights(false, 0).enabled()).isFalse();
    assertThatThrownBy(() -> new RdsSpec.PerformanceInsights(true, 30)).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("retentionDays: 30 is not a Performance Insights retention");
  }

  @Test
  void replica_mustNameAnAz() {
    assertThatThrownBy(() -> new RdsSpec.Replica("1b", "db.r5.xlarge")).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("availabilityZone");
  }

  @Test
  void finalSnapshotName_isIdentifierFinalAndUtcTime() {
    assertThat(RdsNames.finalSnapshot("pg", Instant.parse("2026-12-31T23:59:58Z")))
        .isEqualTo("pg-final-20261231235958");
  }
}
