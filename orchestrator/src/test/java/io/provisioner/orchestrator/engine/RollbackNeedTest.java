package io.provisioner.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.state.StepRecord;
import io.provisioner.state.StepStatus;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RollbackNeedTest {

  private static StepRecord record(StepStatus status, Map<String, String> outputs) {
    return StepRecord.fresh("dev", "a.step").withOutputs(outputs).withStatus(status);
  }

  @ParameterizedTest
  @EnumSource(value = StepStatus.class, names = {"COMPLETED", "FAILED", "RUNNING", "ROLLING_BACK"})
  void applies_toAStepThatRan_evenWithNothingRecorded(StepStatus status) {
    assertThat(RollbackNeed.applies(Optional.of(record(status, Map.of())))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = StepStatus.class, names = {"PENDING", "SKIPPED", "NOT_RUN"})
  void applies_toAStepThatNeverRan_onlyWhenItRecordedSomething(StepStatus status) {
    assertThat(RollbackNeed.applies(Optional.of(record(status, Map.of())))).isFalse();
    assertThat(RollbackNeed.applies(Optional.of(record(status, Map.of("intent:vpc", "CreateVpc"))))).isTrue();
  }

  @Test
  void applies_neitherToARolledBackStep_norToOneNeverSeen() {
    assertThat(RollbackNeed.applies(Optional.of(record(StepStatus.ROLLED_BACK, Map.of("x", "y"))))).isFalse();
    assertThat(RollbackNeed.applies(Optional.empty())).isFalse();
  }

  @Test
  void everyStatusHasARule() {
    for (StepStatus status : StepStatus.values()) {
      RollbackNeed.applies(Optional.of(record(status, Map.of())));
    }
  }
}
