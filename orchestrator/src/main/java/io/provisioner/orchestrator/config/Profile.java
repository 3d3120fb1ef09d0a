package io.provisioner.orchestrator.config;

import io.provisioner.steps.network.endpoints.EndpointsSpec;
import io.provisioner.steps.network.securitygroups.SecurityGroupsSpec;
import io.provisioner.steps.network.transitgateway.TransitGatewaySpec;
import io.provisioner.steps.network.vpc.VpcSpec;
import io.provisioner.steps.org.controltower.ControlTowerSpec;
import io.provisioner.steps.org.organization.OrganizationSpec;
import io.provisioner.steps.org.scp.ScpSpec;
import io.provisioner.steps.security.iam.IamSpec;
import io.provisioner.steps.security.kms.KmsSpec;
import io.provisioner.steps.storage.ecr.EcrSpec;
import io.provisioner.steps.storage.s3.S3Spec;
import io.provisioner.steps.data.secrets.SecretsSpec;
import io.provisioner.steps.data.rds.RdsSpec;
import io.provisioner.steps.data.elasticache.ElastiCacheSpec;
import io.provisioner.steps.data.backup.BackupSpec;
import io.provisioner.steps.data.backup.BackupSelectionSpec;
import java.util.Map;

/**
 * An environment profile ({@code src/envs/<env>.yaml}), fully typed. Every section is a record
 * validated on construction; {@link ProfileLoader} adds the checks that span sections.
 *
 * @param name environment name, e.g. {@code prod}
 * @param project project name, prefix of every physical name
 * @param protectedEnvironment destructive commands ask for confirmation unless {@code --yes}
 * @param accounts logical account name → account
 * @param regions primary, DR and allowed regions
 * @param tags common tags of every resource
 * @param state where the state table lives and how the lock lease behaves
 * @param execution parallelism, waits and cross-account access
 * @param placement which account each step works in (step id → logical account); others use {@code execution.defaultAccount}
 * @param security the security concerns: KMS and IAM
 * @param network VPC, security groups, endpoints, transit gateway
 * @param storage the image registry and the buckets
 * @param data secrets, the database, the cache and backups
 * @param organization the AWS Organization, its OUs and member accounts (optional: single-account profiles have none)
 * @param scp service control policies (optional, needs organization)
 * @param controlTower Control Tower controls on the OUs (optional, needs organization)
 */
public record Profile(
    String name,
    String project,
    boolean protectedEnvironment,
    Map<String, Account> accounts,
    Regions regions,
    Map<String, String> tags,
    StateSettings state,
    Execution execution,
    Map<String, String> placement,
    Security security,
    Network network,
    Storage storage,
    Data data,
    OrganizationSpec organization,
    ScpSpec scp,
    ControlTowerSpec controlTower) {

  /** Sections a profile may leave out. */
  public static final java.util.Set<String> OPTIONAL_SECTIONS = java.util.Set.of("organization", "scp", "controlTower");

  public Profile {
    accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    placement = placement == null ? Map.of() : Map.copyOf(placement);
  }

  /** The logical account a step works in. */
  public String accountOf(String stepId) {
    return placement.getOrDefault(stepId, execution.defaultAccount());
  }

  /**
   * @param vpc the 4-tier VPC
   * @param securityGroups ALB, ECS, RDS, Redis and endpoint groups
   * @param endpoints the S3 gateway and interface endpoints
   * @param transitGateway the hub and this VPC's attachment
   */
  public record Network(VpcSpec vpc, SecurityGroupsSpec securityGroups, EndpointsSpec endpoints,
      TransitGatewaySpec transitGateway) {
    public Network {
      io.provisioner.steps.spec.SpecCheck.of().notNull(vpc, "vpc").notNull(securityGroups, "securityGroups")
          .notNull(endpoints, "endpoints").notNull(transitGateway, "transitGateway").done();
    }
  }

  /** @param s3 the access-log and application buckets; @param ecr the image repository */
  public record Storage(S3Spec s3, EcrSpec ecr) {
    public Storage {
      io.provisioner.steps.spec.SpecCheck.of().notNull(s3, "s3").notNull(ecr, "ecr").done();
    }
  }

  /**
   * @param secrets database credentials (rotated) and the cache AUTH token
   * @param rds PostgreSQL, Multi-AZ, with read replicas
   * @param elasticache the Redis replication group
   * @param backup the vault and the plan
   * @param backupSelection what the plan backs up: resources tagged so
   */
  public record Data(SecretsSpec secrets, RdsSpec rds, ElastiCacheSpec elasticache, BackupSpec backup,
      BackupSelectionSpec backupSelection) {
    public Data {
      io.provisioner.steps.spec.SpecCheck.of().notNull(secrets, "secrets").notNull(rds, "rds")
          .notNull(elasticache, "elasticache").notNull(backup, "backup").notNull(backupSelection, "backupSelection")
          .done();
    }
  }

  /** @param kms the environment key; @param iam service roles, instance profile, MFA policy */
  public record Security(KmsSpec kms, IamSpec iam) {
    public Security {
      io.provisioner.steps.spec.SpecCheck.of().notNull(kms, "kms").notNull(iam, "iam").done();
    }
  }
}
