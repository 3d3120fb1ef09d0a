package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.BasicDefinition;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.network.securitygroups.SecurityGroupsSpec;
import io.provisioner.steps.network.vpc.VpcSpec;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.ArrayList;
import java.util.List;

/** Registers {@code data.elasticache} (the Redis replication group) under the profile section {@code data.elasticache}. */
public final class ElastiCacheDefinition extends BasicDefinition<ElastiCacheSpec> {

  public ElastiCacheDefinition() {
    super(ElastiCacheStep.ID, "data.elasticache", ElastiCacheSpec.class, ElastiCacheStep::new, ElastiCacheStep.OUTPUTS);
  }

  /** The nodes need data subnets in their AZs, and the port the Redis group opens. */
  @Override
  public List<Problem> check(ElastiCacheSpec spec, ProfileView profile) {
    List<Problem> problems = new ArrayList<>();
    profile.spec(VpcSpec.class).ifPresent(vpc -> {
      List<String> azs = vpc.availabilityZones();
      for (int i = 0; i < spec.availabilityZones().size(); i++) {
        String az = spec.availabilityZones().get(i);
        if (!azs.contains(az)) {
          problems.add(new Problem("data.elasticache.availabilityZones[" + i + "]", az + " is not one of the VPC's AZs "
              + azs + " (network.vpc.availabilityZones)"));
        }
      }
    });
    profile.spec(SecurityGroupsSpec.class).filter(sg -> sg.cachePort() != spec.port()).ifPresent(sg -> problems.add(
        new Problem("data.elasticache.port", "is " + spec.port() + " but the cache security group opens "
            + sg.cachePort() + " (network.securityGroups.cachePort); make them the same")));
    return problems;
  }
}
