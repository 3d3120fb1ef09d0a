package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Subnet;

/** The DB subnet group {@code <identifier>-subnets} over every data subnet of the VPC. */
final class SubnetGroups {
  static final String TAG_KEY = "subnet-group";

  private final StepContext ctx;
  private final RdsClient rds;
  private final String name;

  SubnetGroups(StepContext ctx, RdsClient rds, RdsSpec spec) {
    this.ctx = ctx;
    this.rds = rds;
    this.name = RdsNames.subnetGroup(spec.identifier());
  }

  String name() {
    return name;
  }

  /** Adopts or creates the group; puts it over exactly the data subnets when the set differs. */
  void converge(Upstream upstream, List<String> changes) {
    Set<String> expected = new TreeSet<>(upstream.dataSubnets().values());
    Optional<DBSubnetGroup> found = describe();
    boolean fresh = false;
    if (found.isEmpty()) {
      found = tryCreate(expected);
      fresh = found.isPresent();
      found = fresh ? found : describe();
    }
    DBSubnetGroup group = found.orElseThrow(() -> new StepException(
        "DB subnet group " + name + " was reported to exist but cannot be read; run 'up' again"));
    Recorded.remember(ctx.checkpoints(), RdsNames.SUBNET_GROUP, name);
    if (fresh) {
      changes.add("created DB subnet group " + name + " over " + expected);
      return;
    }
    if (!subnetsOf(group).equals(expected)) {
      rds.modifyDBSubnetGroup(b -> b.dbSubnetGroupName(name).subnetIds(expected));
      changes.add("DB subnet group " + name + ": subnets " + subnetsOf(group) + " -> " + expected);
    }
    RdsTags.converge(rds, "DB subnet group " + name, group.dbSubnetGroupArn(), tags(),
        RdsTags.read(rds, group.dbSubnetGroupArn()), changes);
  }

  List<String> verify(Upstream upstream) {
    Optional<DBSubnetGroup> found = describe();
    if (found.isEmpty()) {
      return List.of("DB subnet group " + name + " is missing");
    }
    List<String> differences = new ArrayList<>();
    Set<String> expected = new TreeSet<>(upstream.dataSubnets().values());
    Set<String> actual = subnetsOf(found.get());
    if (!actual.equals(expected)) {
      differences.add("DB subnet group " + name + ": subnets are " + actual + ", expected the data subnets " + expected);
    }
    differences.addAll(RdsTags.differences("DB subnet group " + name, tags(),
        RdsTags.read(rds, found.get().dbSubnetGroupArn())));
    return differences;
  }

  /** Deletes the group; not found is done. Call after the instances that use it are gone. */
  void delete() {
    try {
      rds.deleteDBSubnetGroup(b -> b.dbSubnetGroupName(name));
    } catch (RdsException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
    ctx.checkpoints().remove(RdsNames.SUBNET_GROUP);
  }

  Optional<DBSubnetGroup> describe() {
    try {
      return rds.describeDBSubnetGroups(b -> b.dbSubnetGroupName(name)).dbSubnetGroups().stream().findFirst();
    } catch (RdsException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Creates the group; empty when it already exists (made by an earlier, interrupted run). */
  private Optional<DBSubnetGroup> tryCreate(Set<String> subnets) {
    try {
      return Optional.of(rds.createDBSubnetGroup(b -> b.dbSubnetGroupName(name)
          .dbSubnetGroupDescription("Data subnets of " + ctx.project() + " " + ctx.env() + " PostgreSQL")
          .subnetIds(subnets)
          .tags(RdsTags.of(tags()))).dbSubnetGroup());
    } catch (RdsException e) {
      if (AwsErrors.isAlreadyExists(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Map<String, String> tags() {
    return ctx.tags().forKey(TAG_KEY);
  }

  private static Set<String> subnetsOf(DBSubnetGroup group) {
    Set<String> ids = new TreeSet<>();
    for (Subnet s : group.subnets()) {
      ids.add(s.subnetIdentifier());
    }
    return ids;
  }
}
