package io.provisioner.steps.data.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class RdsStepTest {

  @Test
  void references_areTheTypedOutputsItReads_andTheRoleOnlyWithEnhancedMonitoring() {
    RdsStep monitored = new RdsStep(RdsTestSpecs.prod("pg"));
    RdsSpec p = RdsTestSpecs.prod("pg");
    RdsStep unmonitored = new RdsStep(new RdsSpec("pg", p.engineVersion(), p.instanceClass(), p.allocatedStorage(),
        p.maxAllocatedStorage(), p.storageType(), p.databaseName(), p.masterUsername(), p.multiAz(),
        p.backupRetentionDays(), p.backupWindow(), p.maintenanceWindow(), p.deletionProtection(),
        p.autoMinorVersionUpgrade(), p.performanceInsights(), 0, p.logExports(), p.parameters(), null, List.of(), true));

    assertThat(monitored.references())
        .containsExactlyInAnyOrder(KmsStep.OUTPUTS, VpcStep.OUTPUTS, SecurityGroupsStep.OUTPUTS, IamStep.OUTPUTS);
    assertThat(monitored.dependsOn())
        .containsExactlyInAnyOrder("security.kms", "network.vpc", "network.security-groups", "security.iam");
    assertThat(unmonitored.references()).doesNotContain(IamStep.OUTPUTS);
    assertThat(new RdsDefinition().outputs()).contains(RdsStep.OUTPUTS);
  }
}
