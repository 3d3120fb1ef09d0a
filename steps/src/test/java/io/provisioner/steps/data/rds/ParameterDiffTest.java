package io.provisioner.steps.data.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.Parameter;

class ParameterDiffTest {

  @Test
  void of_setsOnlyMissingOrDifferentValues_andResetsForeignOnes() {
    Map<String, String> live = new HashMap<>();
    live.put("rds.force_ssl", "1");
    live.put("log_connections", "0");
    live.put("work_mem", "65536");

    ParameterDiff diff = ParameterDiff.of(
        Map.of("rds.force_ssl", "1", "log_connections", "1", "shared_preload_libraries", "pg_stat_statements"), live);

    assertThat(diff.toSet()).containsOnly(Map.entry("log_connections", "1"),
        Map.entry("shared_preload_libraries", "pg_stat_statements"));
    assertThat(diff.toReset()).containsExactly("work_mem");
    assertThat(diff.describe()).containsExactly(
        "log_connections is \"0\", expected \"1\"",
        "shared_preload_libraries is not set, expected \"pg_stat_statements\"",
        "work_mem is set but not in the spec (expected the engine default)");
  }

  @Test
  void of_whenSame_isEmpty() {
    ParameterDiff diff = ParameterDiff.of(RdsTestSpecs.PARAMETERS, RdsTestSpecs.PARAMETERS);

    assertThat(diff.describe()).isEmpty();
    assertThat(diff.setBatches(Map.of())).isEmpty();
    assertThat(diff.resetBatches(Map.of())).isEmpty();
  }

  @Test
  void batches_useApplyTypes_pendingRebootWhenStaticOrUnknown() {
    ParameterDiff diff = ParameterDiff.of(Map.of("log_connections", "1", "shared_preload_libraries", "pg_stat_statements",
        "custom.thing", "x"), Map.of());

    List<Parameter> batch = diff.setBatches(Map.of("log_connections", "dynamic", "shared_preload_libraries", "static"))
        .get(0);

    assertThat(batch).extracting(Parameter::parameterName, Parameter::applyMethod).containsExactly(
        tuple("custom.thing", ApplyMethod.PENDING_REBOOT),
        tuple("log_connections", ApplyMethod.IMMEDIATE),
        tuple("shared_preload_libraries", ApplyMethod.PENDING_REBOOT));
  }

  @Test
  void batches_holdAtMostTwentyParameters() {
    Map<String, String> desired = new HashMap<>();
    IntStream.range(0, 45).forEach(i -> desired.put("p" + i, "v"));

    List<List<Parameter>> batches = ParameterDiff.of(desired, Map.of()).setBatches(Map.of());

    assertThat(batches).extracting(List::size).containsExactly(20, 20, 5);
  }
}
