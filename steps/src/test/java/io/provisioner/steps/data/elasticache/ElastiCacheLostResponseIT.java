package io.provisioner.steps.data.elasticache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import io.provisioner.steps.StepException;
import io.provisioner.steps.testing.TestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * A create whose response is lost on the way back (the service made the resource, the client saw
 * an error) is adopted by the next run, never made twice. Runs on moto through {@link
 * ElastiCacheGapProxy}, which also counts the calls that reach the service.
 */
@ExtendWith(EmulatorExtension.class)
class ElastiCacheLostResponseIT {
  private ElastiCacheGapProxy proxy;
  private TestHarness harness;
  private CacheUpstream upstream;
  private ElastiCacheStep step;

  @BeforeEach
  void start(Emulator emulator) {
    proxy = ElastiCacheGapProxy.start(emulator.endpoint());
    harness = new TestHarness(proxy.emulator());
    upstream = CacheUpstream.create(harness, ElastiCacheStepIT.TOKEN);
    step = new ElastiCacheStep(ElastiCacheStepIT.spec());
  }

  @AfterEach
  void cleanUp() {
    try {
      harness.rollback(step);
      upstream.delete();
    } finally {
      harness.close();
      proxy.close();
    }
  }

  private String groupId() {
    return "provisioner-" + harness.env() + "-redis";
  }

  @Test
  void create_whenCreateReplicationGroupResponseIsLost_adoptsTheGroupOnTheNextRun() {
    harness.dropper().dropNext("CreateReplicationGroup", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("create replication group " + groupId() + " failed");
    assertThat(harness.dropper().droppedCount("CreateReplicationGroup")).isEqualTo(1);
    assertThat(harness.checkpointsOf(ElastiCacheStep.ID))
        .containsKey("intent:replicationGroup").doesNotContainKey("replicationGroup.id");

    harness.create(step);

    assertThat(proxy.calls("CreateReplicationGroup")).as("CreateReplicationGroup calls that reached the service")
        .isEqualTo(1);
    List<ReplicationGroup> ours = harness.client(ElastiCacheClient.class).describeReplicationGroups()
        .replicationGroups().stream().filter(g -> g.replicationGroupId().startsWith("provisioner-" + harness.env()))
        .toList();
    assertThat(ours).extracting(ReplicationGroup::replicationGroupId).containsExactly(groupId());
    assertThat(harness.checkpointsOf(ElastiCacheStep.ID))
        .containsEntry("replicationGroup.id", groupId())
        .doesNotContainKey("intent:replicationGroup");
    assertThat(harness.verify(step).isInSync()).isTrue();
  }

  @Test
  void create_whenCreateCacheSubnetGroupResponseIsLost_adoptsItOnTheNextRun() {
    harness.dropper().dropNext("CreateCacheSubnetGroup", 1);

    assertThatThrownBy(() -> harness.create(step))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("cache subnet group " + groupId());
    assertThat(harness.checkpointsOf(ElastiCacheStep.ID)).doesNotContainKey("subnetGroup.name");

    harness.create(step);

    assertThat(proxy.calls("CreateCacheSubnetGroup")).isEqualTo(1);
    assertThat(harness.checkpointsOf(ElastiCacheStep.ID)).containsEntry("subnetGroup.name", groupId());
    assertThat(harness.verify(step).isInSync()).isTrue();
  }
}
