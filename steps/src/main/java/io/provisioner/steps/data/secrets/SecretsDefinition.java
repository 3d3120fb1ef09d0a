package io.provisioner.steps.data.secrets;

import io.provisioner.steps.BasicDefinition;
import io.provisioner.steps.ProfileView;
import io.provisioner.steps.data.rds.RdsSpec;
import io.provisioner.steps.network.securitygroups.SecurityGroupsSpec;
import io.provisioner.steps.spec.InvalidSpecException.Problem;
import java.util.ArrayList;
import java.util.List;

/** Registers {@code data.secrets} (database credentials and the cache AUTH token) under the profile section {@code data.secrets}. */
public final class SecretsDefinition extends BasicDefinition<SecretsSpec> {

  public SecretsDefinition() {
    super(SecretsStep.ID, "data.secrets", SecretsSpec.class, SecretsStep::new, SecretsStep.OUTPUTS);
  }

  /** The rotation function finds the database by its identifier, and connects on the port the group opens. */
  @Override
  public List<Problem> check(SecretsSpec spec, ProfileView profile) {
    List<Problem> problems = new ArrayList<>();
    String secretDb = spec.database().dbInstanceIdentifier();
    profile.spec(RdsSpec.class).filter(rds -> !rds.identifier().equals(secretDb)).ifPresent(rds -> problems.add(
        new Problem("data.secrets.database.dbInstanceIdentifier", "is '" + secretDb + "' but data.rds.identifier is '"
            + rds.identifier() + "'; the rotation function finds the database by it, make them the same")));
    profile.spec(SecurityGroupsSpec.class).filter(sg -> sg.databasePort() != spec.database().port()).ifPresent(sg ->
        problems.add(new Problem("data.secrets.database.port", "is " + spec.database().port()
            + " but the database security group opens " + sg.databasePort() + " (network.securityGroups.databasePort)")));
    return problems;
  }
}
