package io.provisioner.state.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.state.Lease;
import io.provisioner.state.RunRecord;
import io.provisioner.state.StepRecord;
import io.provisioner.state.StepStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemMapperTest {
  private static final Instant T = Instant.parse("2025-01-15T10:00:00.123456789Z");

  @Test
  void stepItem_isKeyedByEnvironmentAndStep_andCarriesTheNewVersion() {
    StepRecord record = new StepRecord("prod", "network.vpc", StepStatus.COMPLETED, "h", Map.of("vpcId", "vpc-1"),
        "{\"vpcId\":\"vpc-1\"}", "in-1", 1, null, T, null, "run-1", 2, 1, 4);

    Map<String, AttributeValue> item = ItemMapper.stepItem(record, 5);

    assertThat(item.get("pk").s()).isEqualTo("ENV#prod");
    assertThat(item.get("sk").s()).isEqualTo("STEP#network.vpc");
    assertThat(item.get("version").n()).isEqualTo("5");
    assertThat(item.get("outputs").m()).containsEntry("vpcId", AttributeValue.fromS("vpc-1"));
    assertThat(item.get("startedAt").s()).isEqualTo("2025-01-15T10:00:00.123456789Z");
    assertThat(item).doesNotContainKeys("lastError", "endedAt");
    assertThat(ItemMapper.step(item)).isEqualTo(record.withVersion(5));
  }

  @Test
  void runItem_roundTrips_withStepsAsAListOfMaps() {
    RunRecord run = new RunRecord("prod", "r1", "up", null, T, T.plusSeconds(5), "FAILED",
        List.of(new RunRecord.StepRun("a", "FAILED", T, null, 1, 0, "boom")), 0);

    Map<String, AttributeValue> item = ItemMapper.runItem(run, 1);

    assertThat(item.get("sk").s()).isEqualTo("RUN#r1");
    assertThat(item.get("steps").l()).hasSize(1);
    assertThat(ItemMapper.run(item)).isEqualTo(run.withVersion(1));
  }

  @Test
  void lockItem_storesExpiryAlsoAsEpochMillis() {
    Lease lease = new Lease("prod", "id-1", "alice@host", T, T.plusSeconds(60), 3);

    Map<String, AttributeValue> item = ItemMapper.lockItem(lease);

    assertThat(item.get("sk").s()).isEqualTo("LOCK");
    assertThat(item.get("expiresAtMillis").n()).isEqualTo(Long.toString(T.plusSeconds(60).toEpochMilli()));
    assertThat(ItemMapper.lease(item)).isEqualTo(lease);
  }
}
