package io.provisioner.steps.data.elasticache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.spec.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElastiCacheSpecTest {

  /** The prod profile's values (seed 000 §ElastiCache, seed 004 Multi-AZ). */
  static ElastiCacheSpec prod() {
    return new ElastiCacheSpec(null, "provisioner prod: application cache", "7.1", "cache.r6g.large", 2,
        List.of("us-east-1a", "us-east-1b", "us-east-1c"), null, 7, "03:00-04:00", "sun:05:00-sun:06:00", null,
        true, true);
  }

  private static ElastiCacheSpec with(String id, String version, int replicas, List<String> azs, String snapshotWindow,
      String maintenanceWindow, String parameterGroup, boolean failover, boolean multiAz) {
    return new ElastiCacheSpec(id, "cache", version, "cache.t4g.small", replicas, azs, 6379, 1, snapshotWindow,
        maintenanceWindow, parameterGroup, failover, multiAz);
  }

  private static List<String> problems(Runnable construction) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, construction::run);
    assertThat(e).as("an invalid spec").isNotNull();
    return e.problems().stream().map(InvalidSpecException.Problem::toString).toList();
  }

  @Test
  void prod_isValid_andFillsThePortAndTheParameterGroupOfTheFamily() {
    ElastiCacheSpec spec = prod();
    assertThat(spec.port()).isEqualTo(6379);
    assertThat(spec.parameterGroupName()).isEqualTo("default.redis7");
  }

  @Test
  void dev_singleNodeWithoutFailover_isValid() {
    assertThatCode(() -> new ElastiCacheSpec("dev-cache", "dev cache", "7.1", "cache.t4g.micro", 0,
        List.of("us-east-1a"), null, 0, "03:00-04:00", "sun:05:00-sun:06:00", null, false, false))
        .doesNotThrowAnyException();
  }

  @Test
  void engine6_defaultsToTheRedis6xParameterGroup() {
    assertThat(with(null, "6.x", 1, List.of("a-1a", "a-1b"), "03:00-04:00", "sun:05:00-sun:06:00", null, true, true)
        .parameterGroupName()).isEqualTo("default.redis6.x");
  }

  @Test
  void replicationGroupId_breakingElastiCacheRules_isRejected() {
    for (String bad : List.of("Cache", "1cache", "my--cache", "cache-", "a".repeat(41), "my_cache")) {
      assertThat(problems(() -> with(bad, "7.1", 0, List.of("us-east-1a"), "03:00-04:00", "sun:05:00-sun:06:00",
          null, false, false))).as(bad).anyMatch(p -> p.startsWith("replicationGroupId:"));
    }
    assertThatCode(() -> with("a".repeat(40), "7.1", 0, List.of("us-east-1a"), "03:00-04:00", "sun:05:00-sun:06:00",
        null, false, false)).doesNotThrowAnyException();
  }

  @Test
  void availabilityZones_mustBeOnePerNodeAndDistinct() {
    assertThat(problems(() -> with(null, "7.1", 2, List.of("us-east-1a", "us-east-1b"), "03:00-04:00",
        "sun:05:00-sun:06:00", null, true, true)))
        .anyMatch(p -> p.startsWith("availabilityZones:") && p.contains("lists 2 AZs but the group has 3 nodes"));
    assertThat(problems(() -> with(null, "7.1", 1, List.of("us-east-1a", "us-east-1a"), "03:00-04:00",
        "sun:05:00-sun:06:00", null, true, true)))
        .anyMatch(p -> p.startsWith("availabilityZones:") && p.contains("twice"));
  }

  @Test
  void multiAz_needsFailover_andFailoverNeedsAReplica() {
    assertThat(problems(() -> with(null, "7.1", 1, List.of("us-east-1a", "us-east-1b"), "03:00-04:00",
        "sun:05:00-sun:06:00", null, false, true))).anyMatch(p -> p.startsWith("multiAz:"));
    assertThat(problems(() -> with(null, "7.1", 0, List.of("us-east-1a"), "03:00-04:00", "sun:05:00-sun:06:00",
        null, true, false))).anyMatch(p -> p.startsWith("automaticFailover:") && p.contains("at least one replica"));
  }

  @Test
  void windows_mustHaveTheirFormatAndAnHour() {
    List<String> problems = problems(() -> with(null, "7.1", 0, List.of("us-east-1a"), "3:00-4:00",
        "Sunday 05:00", null, false, false));
    assertThat(problems).anyMatch(p -> p.startsWith("snapshotWindow:") && p.contains("hh24:mi-hh24:mi"));
    assertThat(problems).anyMatch(p -> p.startsWith("maintenanceWindow:") && p.contains("ddd:hh24:mi"));

    assertThat(problems(() -> with(null, "7.1", 0, List.of("us-east-1a"), "03:00-03:30", "sun:05:00-sun:05:59",
        null, false, false)))
        .anyMatch(p -> p.startsWith("snapshotWindow:") && p.contains("60 minutes"))
        .anyMatch(p -> p.startsWith("maintenanceWindow:") && p.contains("60 minutes"));
    assertThat(problems(() -> with(null, "7.1", 0, List.of("us-east-1a"), "24:00-01:00", "sun:05:00-sun:06:00",
        null, false, false))).anyMatch(p -> p.startsWith("snapshotWindow:"));
  }

  @Test
  void maintenanceWindow_overlappingTheDailySnapshot_isRejected_alsoAcrossMidnightAndTheWeekEnd() {
    assertThat(problems(() -> with(null, "7.1", 0, List.of("us-east-1a"), "05:00-06:00", "wed:05:30-wed:06:30",
        null, false, false))).anyMatch(p -> p.startsWith("maintenanceWindow:") && p.contains("overlaps"));
    assertThat(problems(() -> with(null, "7.1", 0, List.of("us-east-1a"), "23:30-00:30", "mon:00:00-mon:01:00",
        null, false, false))).anyMatch(p -> p.contains("overlaps"));
    assertThat(problems(() -> with(null, "7.1", 0, List.of("us-east-1a"), "00:00-01:00", "sat:23:30-sun:00:30",
        null, false, false))).anyMatch(p -> p.contains("overlaps"));
    assertThatCode(() -> with(null, "7.1", 0, List.of("us-east-1a"), "05:00-06:00", "sat:23:00-sun:01:30",
        null, false, false)).doesNotThrowAnyException();
    assertThatCode(() -> with(null, "7.1", 0, List.of("us-east-1a"), "05:00-06:00", "sun:06:00-sun:07:00",
        null, false, false)).as("touching windows do not overlap").doesNotThrowAnyException();
  }

  @Test
  void engineVersion_andParameterGroup_mustFitTogether() {
    assertThat(problems(() -> with(null, "seven", 0, List.of("us-east-1a"), "03:00-04:00", "sun:05:00-sun:06:00",
        null, false, false))).anyMatch(p -> p.startsWith("engineVersion:"));
    assertThat(problems(() -> with(null, "5.0.6", 0, List.of("us-east-1a"), "03:00-04:00", "sun:05:00-sun:06:00",
        null, false, false))).anyMatch(p -> p.startsWith("engineVersion:") && p.contains("6 or later"));
    assertThat(problems(() -> with(null, "7.1", 0, List.of("us-east-1a"), "03:00-04:00", "sun:05:00-sun:06:00",
        "default.redis6.x", false, false)))
        .anyMatch(p -> p.startsWith("parameterGroupName:") && p.contains("default.redis7"));
    assertThat(problems(() -> with(null, "7.1", 0, List.of("us-east-1a"), "03:00-04:00", "sun:05:00-sun:06:00",
        "default.redis7.cluster.on", false, false)))
        .anyMatch(p -> p.startsWith("parameterGroupName:") && p.contains("cluster mode"));
    assertThatCode(() -> with(null, "7.1", 0, List.of("us-east-1a"), "03:00-04:00", "sun:05:00-sun:06:00",
        "app-redis7", false, false)).as("a custom group").doesNotThrowAnyException();
  }

  @Test
  void everyProblem_isReportedAtOnce() {
    List<String> problems = problems(() -> new ElastiCacheSpec("Bad", " ", "x", "r6g.large", 6, List.of(), 0, 40,
        null, null, null, true, true));
    assertThat(problems).extracting(p -> p.substring(0, p.indexOf(':'))).contains("replicationGroupId",
        "description", "engineVersion", "nodeType", "replicasPerNodeGroup", "availabilityZones", "port",
        "snapshotRetentionDays", "snapshotWindow", "maintenanceWindow");
  }

  @Test
  void engineVersion_matchesMorePreciseReports_andOrdersVersions() {
    EngineVersion asked = EngineVersion.parse("7.1").orElseThrow();
    assertThat(asked.matches(EngineVersion.parse("7.1.0").orElseThrow())).isTrue();
    assertThat(asked.matches(EngineVersion.parse("7.0.7").orElseThrow())).isFalse();
    assertThat(EngineVersion.parse("6.x").orElseThrow().matches(EngineVersion.parse("6.2.6").orElseThrow())).isTrue();
    assertThat(asked.compareOnCommonParts(EngineVersion.parse("6.2.6").orElseThrow())).isPositive();
    assertThat(asked.compareOnCommonParts(EngineVersion.parse("7.2.4").orElseThrow())).isNegative();
  }
}
