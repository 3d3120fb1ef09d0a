package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Setting;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Subnet;

/** The DB subnet group {@code <identifier>-subnets} over every data subnet of {@code network.vpc}. */
final class SubnetGroupResource extends GroupResource<DBSubnetGroup> {
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("DBSubnetGroupNotFoundFault")
      .alreadyExists("DBSubnetGroupAlreadyExists");

  private final Supplier<Upstream> up;

  SubnetGroupResource(StepContext ctx, RdsClient rds, RdsSpec spec, Supplier<Upstream> up) {
    super(ctx, rds, "DB subnet group", RdsNames.subnetGroup(spec.identifier()), "subnet-group", "subnetGroup.name",
        ERRORS);
    this.up = up;
  }

  @Override
  Optional<DBSubnetGroup> describe() {
    return rds.describeDBSubnetGroups(b -> b.dbSubnetGroupName(name)).dbSubnetGroups().stream().findFirst();
  }

  @Override
  String arn(DBSubnetGroup group) {
    return group.dbSubnetGroupArn();
  }

  @Override
  public DBSubnetGroup create() {
    return rds.createDBSubnetGroup(b -> b.dbSubnetGroupName(name).subnetIds(dataSubnets()).tags(RdsTags.of(tags()))
        .dbSubnetGroupDescription("Data subnets of " + ctx.project() + " " + ctx.env() + " PostgreSQL")).dbSubnetGroup();
  }

  @Override
  public List<Setting<DBSubnetGroup>> settings() {
    return List.of(Setting.of("subnets", SubnetGroupResource::subnetsOf, dataSubnets(),
            (group, ids) -> rds.modifyDBSubnetGroup(b -> b.dbSubnetGroupName(name).subnetIds(ids))),
        tagSetting());
  }

  /** Called once the instances that use it are gone (they wait for their deletion). */
  @Override
  public void delete(DBSubnetGroup group) {
    rds.deleteDBSubnetGroup(b -> b.dbSubnetGroupName(name));
  }

  private Set<String> dataSubnets() {
    return new TreeSet<>(up.get().dataSubnets().values());
  }

  private static Set<String> subnetsOf(DBSubnetGroup group) {
    Set<String> ids = new TreeSet<>();
    group.subnets().stream().map(Subnet::subnetIdentifier).forEach(ids::add);
    return ids;
  }
}
