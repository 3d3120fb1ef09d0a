package io.provisioner.steps.data.rds;

import io.provisioner.steps.BasicDefinition;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.network.vpc.VpcSpec;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.ArrayList;
import java.util.List;

/** Registers {@code data.rds} (PostgreSQL Multi-AZ with read replicas) under the profile section {@code data.rds}. */
public final class RdsDefinition extends BasicDefinition<RdsSpec> {

  public RdsDefinition() {
    super(RdsStep.ID, "data.rds", RdsSpec.class, RdsStep::new, RdsStep.OUTPUTS);
  }

  /** Each replica needs a data subnet in its AZ. */
  @Override
  public List<Problem> check(RdsSpec spec, ProfileView profile) {
    List<Problem> problems = new ArrayList<>();
    profile.spec(VpcSpec.class).ifPresent(vpc -> {
      List<String> azs = vpc.availabilityZones();
      for (int i = 0; i < spec.replicas().size(); i++) {
        String az = spec.replicas().get(i).availabilityZone();
        if (!azs.contains(az)) {
          problems.add(new Problem("data.rds.replicas[" + i + "].availabilityZone", az + " is not one of the VPC's AZs "
              + azs + " (network.vpc.availabilityZones); the replica needs a data subnet there"));
        }
      }
    });
    return problems;
  }
}
