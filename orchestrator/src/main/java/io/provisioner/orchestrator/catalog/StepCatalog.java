package io.provisioner.orchestrator.catalog;

import io.provisioner.orchestrator.config.Account;
import io.provisioner.orchestrator.config.Profile;
import io.provisioner.state.StateStore;
import io.provisioner.steps.Step;
import io.provisioner.steps.network.endpoints.EndpointsStep;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.transitgateway.TransitGatewayStep;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.org.controltower.ControlTowerStep;
import io.provisioner.steps.org.organization.OrganizationStep;
import io.provisioner.steps.org.scp.ScpStep;
import io.provisioner.steps.security.iam.IamStep;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.storage.ecr.EcrStep;
import io.provisioner.steps.storage.s3.S3Step;
import io.provisioner.steps.data.secrets.SecretsStep;
import io.provisioner.steps.data.rds.RdsStep;
import io.provisioner.steps.data.elasticache.ElastiCacheStep;
import io.provisioner.steps.data.backup.BackupStep;
import io.provisioner.steps.data.backup.BackupSelectionStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The composition root of the steps: which steps an environment has, built from its profile. The
 * engine itself knows steps only through the {@link Step} contract.
 */
public final class StepCatalog {
  /** The step that creates member accounts and records their ids as {@code account.<name>}. */
  public static final String ORGANIZATION_STEP = OrganizationStep.ID;

  private StepCatalog() {}

  /** The id of an account created by the organization step, as recorded in its state. */
  public static Optional<String> createdAccountId(StateStore store, String env, String accountName) {
    if (store == null) {
      return Optional.empty();
    }
    return store.step(env, ORGANIZATION_STEP).map(r -> r.outputs().get("account." + accountName));
  }

  /** Every step id, for validating the profile's placement before anything is built. */
  public static Set<String> stepIds() {
    return Set.of(OrganizationStep.ID, ScpStep.ID, ControlTowerStep.ID, KmsStep.ID, IamStep.ID, VpcStep.ID,
        SecurityGroupsStep.ID, EndpointsStep.ID, TransitGatewayStep.ID, EcrStep.ID, S3Step.ID,
        SecretsStep.ID, RdsStep.ID, ElastiCacheStep.ID, BackupStep.ID, BackupSelectionStep.ID);
  }

  public static List<Step> steps(Profile profile) {
    List<Step> steps = new ArrayList<>();
    if (profile.organization() != null) {
      steps.add(new OrganizationStep(profile.organization()));
      if (profile.scp() != null) {
        steps.add(new ScpStep(profile.scp()));
      }
      if (profile.controlTower() != null) {
        steps.add(new ControlTowerStep(profile.controlTower()));
      }
    }
    steps.add(new KmsStep(profile.security().kms()));
    steps.add(new IamStep(profile.security().iam()));
    steps.add(new VpcStep(profile.network().vpc()));
    steps.add(new SecurityGroupsStep(profile.network().securityGroups()));
    steps.add(new EndpointsStep(profile.network().endpoints()));
    steps.add(new TransitGatewayStep(profile.network().transitGateway()));
    steps.add(new EcrStep(profile.storage().ecr()));
    steps.add(new S3Step(profile.storage().s3()));
    steps.add(new SecretsStep(profile.data().secrets()));
    steps.add(new RdsStep(profile.data().rds()));
    steps.add(new ElastiCacheStep(profile.data().elasticache()));
    steps.add(new BackupStep(profile.data().backup()));
    steps.add(new BackupSelectionStep(profile.data().backupSelection()));
    return steps.stream().map(step -> placed(profile, step)).toList();
  }

  /**
   * A step placed in an account that the organization step creates cannot start before that
   * account exists: it gets {@code org.organization} as an extra dependency.
   */
  private static Step placed(Profile profile, Step step) {
    if (profile.organization() == null || step.id().equals(ORGANIZATION_STEP)
        || step.dependsOn().contains(ORGANIZATION_STEP)) {
      return step;
    }
    Account account = profile.accounts().get(profile.accountOf(step.id()));
    boolean created = account != null && account.id().isEmpty() && !account.role().isEmpty();
    return created ? new WithDependency(step, ORGANIZATION_STEP) : step;
  }
}
