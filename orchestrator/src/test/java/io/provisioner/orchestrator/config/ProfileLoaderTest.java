package io.provisioner.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
  private static final Path ENVS = Path.of("..", "src", "envs");
  private final ProfileLoader loader = new ProfileLoader(io.provisioner.orchestrator.catalog.StepRegistry.load());

  @TempDir
  Path temp;

  @Test
  void load_prodAndDev_areValid() {
    Profile prod = loader.load(ProfileSource.file(ENVS.resolve("prod.yaml")), "prod");
    Profile dev = loader.load(ProfileSource.file(ENVS.resolve("dev.yaml")), "dev");

    assertThat(prod.spec(io.provisioner.steps.security.kms.KmsSpec.class).orElseThrow().deletionWindowDays()).isEqualTo(30);
    assertThat(prod.spec(io.provisioner.steps.security.kms.KmsSpec.class).orElseThrow().drRegionKey()).isTrue();
    assertThat(prod.spec(io.provisioner.steps.security.iam.IamSpec.class).orElseThrow().roles()).extracting(r -> r.name()).contains("ecs-task-execution",
        "lambda-execution", "rds-monitoring", "backup", "flow-logs", "config", "s3-replication", "app-server");
    assertThat(prod.spec(io.provisioner.steps.security.iam.IamSpec.class).orElseThrow().mfa().policy().document()).contains("aws:MultiFactorAuthPresent");
    assertThat(dev.protectedEnvironment()).isFalse();
  }

  @Test
  void load_reportsEveryProblemAtOnce_withItsPath() throws IOException {
    String yaml = Files.readString(ENVS.resolve("dev.yaml"))
        .replace("deletionWindowDays: 7", "deletionWindowDays: 3")
        .replace("primary: us-east-1", "primary: mars-1")
        .replace("  CostCenter: platform\n", "")
        .replace("parallelism: 8", "parallelism: 8\n  colour: blue")
        .replace("defaultAccount: main", "defaultAccount: nowhere")
        .replace("file: iam/flow-logs.json", "file: iam/missing.json");
    Path file = write("dev.yaml", yaml);

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ProfileSource.file(file), "dev"));

    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("security.kms.deletionWindowDays: 3 is out of range"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("regions.primary: 'mars-1' is not a region code"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("tags: missing CostCenter"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("execution.colour: unknown key"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("security.iam.roles[5]")
        .contains("missing.json").contains("does not exist"));
    assertThat(e.getMessage()).contains(file.toString());
  }

  @Test
  void load_crossChecks_accountsNamesAndPlacement() throws IOException {
    String yaml = Files.readString(ENVS.resolve("dev.yaml"))
        .replace("defaultAccount: main", "defaultAccount: nowhere")
        .replace("placement: {}", "placement:\n  security.kms: ghost\n  no.such.step: main");
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ProfileSource.file(write("x.yaml", yaml)), "prod"));

    assertThat(e.problems()).contains(
        "name: is 'dev' but the profile was asked for as --env prod; make them the same");
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("execution.defaultAccount: names account 'nowhere'"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("placement.security.kms: names account 'ghost'"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("placement.no.such.step: no step has this id"));
  }

  @Test
  void load_unknownTopLevelKey_andMissingSection_areReported() throws IOException {
    StringBuilder kept = new StringBuilder();
    boolean inState = false;
    for (String line : Files.readAllLines(ENVS.resolve("dev.yaml"))) {
      if (line.equals("state:")) {
        inState = true;
        continue;
      }
      if (inState && line.startsWith("  ")) {
        continue;
      }
      inState = false;
      kept.append(line).append('\n');
    }
    String yaml = kept + "\nnetwrk: {}\n";
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ProfileSource.file(write("dev.yaml", yaml)), "dev"));

    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("netwrk: unknown key"));
    assertThat(e.problems()).contains("state: is required");
  }

  @Test
  void load_prod_placesWorkloadsInMemberAccountsCreatedByTheOrganization() {
    Profile prod = loader.load(ProfileSource.file(ENVS.resolve("prod.yaml")), "prod");

    assertThat(prod.spec(io.provisioner.steps.org.organization.OrganizationSpec.class).orElseThrow().accounts()).extracting(m -> m.name())
        .containsExactlyInAnyOrder("security-tooling", "log-archive", "shared-services", "network", "dev", "prod");
    assertThat(prod.accountOf("network.vpc")).isEqualTo("prod");
    assertThat(prod.accountOf("org.organization")).isEqualTo("management");
    assertThat(prod.spec(io.provisioner.steps.network.vpc.VpcSpec.class).orElseThrow().availabilityZones()).hasSize(3);
  }

  @Test
  void load_organizationCrossChecks_reportMissingMembersAndOrphanSections() throws IOException {
    String yaml = Files.readString(ENVS.resolve("prod.yaml"))
        .replace("  dev: {role: OrganizationAccountAccessRole}\n", "")
        .replace("  ghost: {role: OrganizationAccountAccessRole}\n", "")
        .replace("  prod: {role: OrganizationAccountAccessRole}\n",
            "  prod: {role: OrganizationAccountAccessRole}\n  ghost: {role: OrganizationAccountAccessRole}\n")
        .replace("allowedRegions: [us-east-1, us-west-2, eu-west-1, eu-central-1]", "allowedRegions: [eu-west-1]");
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ProfileSource.file(write("prod.yaml", yaml)), "prod"));

    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("organization.accounts: member 'dev' is missing"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("accounts.ghost: has no id and is not created"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("scp.allowedRegions: must include us-east-1"));
  }

  @Test
  void load_scpWithoutOrganization_isRejected() throws IOException {
    String yaml = Files.readString(ENVS.resolve("dev.yaml")) + "\nscp:\n  allowedRegions: [us-east-1, us-west-2]\n"
        + "  breakGlassRoles: [OrganizationAccountAccessRole]\n  policies: []\n";
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ProfileSource.file(write("dev.yaml", yaml)), "dev"));

    assertThat(e.problems()).contains("scp: needs the organization section");
  }

  @Test
  void load_invalidYaml_saysWhere() throws IOException {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ProfileSource.file(write("bad.yaml", "name: [unclosed\n")), null));

    assertThat(e.problems()).singleElement().asString().startsWith("not valid YAML");
  }

  @Test
  void env_loadsTheBundledProfile_whenNoCheckoutIsAround() {
    ProfileSource source = ProfileSource.env("prod", temp);

    assertThat(source.description()).contains("bundled");
    assertThat(loader.load(source, "prod").name()).isEqualTo("prod");
  }

  @Test
  void env_unknownEnvironment_saysHowToFixIt() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ProfileSource.env("staging", temp));

    assertThat(e.getMessage()).contains("no profile named 'staging'").contains("--config FILE");
  }

  @Test
  void load_prodAndDev_haveTheDataTier() {
    Profile prod = loader.load(ProfileSource.file(ENVS.resolve("prod.yaml")), "prod");

    assertThat(prod.spec(io.provisioner.steps.data.rds.RdsSpec.class).orElseThrow().multiAz()).isTrue();
    assertThat(prod.spec(io.provisioner.steps.data.rds.RdsSpec.class).orElseThrow().deletionProtection()).isTrue();
    assertThat(prod.spec(io.provisioner.steps.data.rds.RdsSpec.class).orElseThrow().replicas()).extracting(r -> r.availabilityZone()).containsExactly("us-east-1b",
        "us-east-1c");
    assertThat(prod.spec(io.provisioner.steps.data.elasticache.ElastiCacheSpec.class).orElseThrow().multiAz()).isTrue();
    assertThat(prod.spec(io.provisioner.steps.data.secrets.SecretsSpec.class).orElseThrow().rotation().function().code().sha256ByFile()).containsKey("lambda_function.py");
    assertThat(prod.spec(io.provisioner.steps.storage.s3.S3Spec.class).orElseThrow().buckets()).extracting(b -> b.suffix()).containsExactly("static-assets", "backups");
    assertThat(prod.spec(io.provisioner.steps.data.backup.BackupSpec.class).orElseThrow().rules()).extracting(r -> r.name()).containsExactly("daily", "monthly");
  }

  @Test
  void load_crossChecks_theDataTierAgainstIamNetworkAndEachOther() throws IOException {
    String yaml = Files.readString(ENVS.resolve("dev.yaml"))
        .replace("dbInstanceIdentifier: provisioner-dev-postgres", "dbInstanceIdentifier: other-postgres")
        .replace("readers: [ecs-task-execution, ecs-task, lambda-execution]", "readers: [ecs-task, ghost-role]")
        .replace("- {availabilityZone: us-east-1b, instanceClass: db.t3.medium}",
            "- {availabilityZone: us-east-1f, instanceClass: db.t3.medium}")
        .replace("pullPrincipals: [ecs-task-execution]", "pullPrincipals: [nobody]");
    Path file = write("dev.yaml", yaml);

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ProfileSource.file(file), "dev"));

    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("data.secrets.database.dbInstanceIdentifier:")
        .contains("provisioner-dev-postgres"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("data.secrets.readers[1]:").contains("ghost-role"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("data.rds.replicas[0].availabilityZone:")
        .contains("us-east-1f"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("storage.ecr.pullPrincipals[0]:").contains("nobody"));
  }

  @Test
  void load_missingFunctionFolder_isAConfigErrorNamingIt() throws IOException {
    String yaml = Files.readString(ENVS.resolve("dev.yaml"))
        .replace("code: {directory: db-credentials-rotation}", "code: {directory: no-such-function}");
    Path file = write("dev.yaml", yaml);

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ProfileSource.file(file), "dev"));

    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("data.secrets.rotation.function.code")
        .contains("no-such-function"));
  }

  @Test
  void load_withoutASection_leavesThatStepOut() throws IOException {
    String yaml = cut(Files.readString(ENVS.resolve("dev.yaml")), "  transitGateway:");
    Profile dev = loader.load(ProfileSource.file(write("dev.yaml", yaml)), "dev");

    assertThat(dev.sections()).doesNotContainKey("network.transit-gateway").containsKey("network.vpc");
    assertThat(io.provisioner.orchestrator.catalog.StepRegistry.load().steps(dev))
        .extracting(io.provisioner.steps.Step::id).doesNotContain("network.transit-gateway").contains("network.vpc");
  }

  @Test
  void load_withAnUnknownSectionInAGroup_namesTheSectionsOfThatGroup() throws IOException {
    String yaml = Files.readString(ENVS.resolve("dev.yaml")).replace("  transitGateway:", "  transitGatway:");
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ProfileSource.file(write("dev.yaml", yaml)), "dev"));

    assertThat(e.problems()).anySatisfy(p -> assertThat(p)
        .startsWith("network.transitGatway: unknown key; known keys here are vpc, securityGroups, endpoints, "
            + "transitGateway"));
  }

  @Test
  void load_roleReferenceWithoutTheIamSection_saysNoSectionDefinesRoles() throws IOException {
    String yaml = cut(Files.readString(ENVS.resolve("dev.yaml")), "  iam:");
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ProfileSource.file(write("dev.yaml", yaml)), "dev"));

    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("storage.ecr.pullPrincipals[0]: names role")
        .contains("no section of the profile defines roles"));
  }

  /** The YAML without the section that starts at {@code header} (a two-space key) and its indented lines. */
  private static String cut(String yaml, String header) {
    StringBuilder kept = new StringBuilder();
    boolean inside = false;
    for (String line : yaml.split("\n", -1)) {
      if (line.equals(header)) {
        inside = true;
        continue;
      }
      if (inside && (line.startsWith("    ") || line.isBlank() || line.startsWith("  #"))) {
        continue;
      }
      inside = false;
      kept.append(line).append('\n');
    }
    return kept.toString();
  }

  private Path write(String name, String yaml) throws IOException {
    Path envs = Files.createDirectories(temp.resolve("src").resolve("envs"));
    Path policies = temp.resolve("src").resolve("policies");
    if (!Files.exists(policies)) {
      copyTree(ENVS.resolveSibling("policies"), policies);
    }
    Path functions = temp.resolve("src").resolve("functions");
    if (!Files.exists(functions)) {
      copyTree(ENVS.resolveSibling("functions"), functions);
    }
    return Files.writeString(envs.resolve(name), yaml);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
