package io.provisioner.orchestrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.TransitGatewayState;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * The built jar against the emulator, as an operator runs it: up, status, a second up, drift,
 * a SIGKILL in the middle of a run and its resume, destroy. Each test works on an environment of
 * its own, made from the dev profile.
 */
@ExtendWith(EmulatorExtension.class)
class ProvisionerJarIT {
  private static final Pattern LOCK_ID = Pattern.compile("--lock-id ([0-9a-f-]{36})");

  @TempDir
  Path workdir;

  private Emulator emulator;
  private JarRunner jar;
  private String env;
  private KmsClient kms;
  private IamClient iam;

  @BeforeEach
  void setUp(Emulator emulator) throws IOException {
    this.emulator = emulator;
    this.env = DevEnvironment.newName();
    DevEnvironment.write(workdir, env);
    jar = new JarRunner(workdir);
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    kms = KmsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).build();
    iam = IamClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    jar.run("destroy", "--env", env, "--endpoint", endpoint(), "--yes", "--delete-data");
    kms.close();
    iam.close();
  }

  private String endpoint() {
    return emulator.endpoint().toString();
  }

  @Test
  void up_completesEveryStep_secondUpMakesNoMutatingCall_destroyLeavesNothingTagged() throws Exception {
    JarRunner.Result up = jar.run("up", "--env", env, "--endpoint", endpoint(), "--yes");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    System.out.printf(Locale.ROOT, "[e2e] first up of %s: %d ms%n", env, up.elapsed().toMillis());

    JarRunner.Result status = jar.run("status", "--env", env, "--endpoint", endpoint());
    assertThat(status.exitCode()).as(status.toString()).isZero();
    List<String> steps = jar.steps(env);
    List<String> built = steps.stream().filter(s -> !s.equals("data.backup-selection")).toList();
    assertThat(built).as("the dev profile's steps").contains("security.kms", "network.vpc", "data.rds");
    for (String step : built) {
      assertThat(status.out()).containsPattern(Pattern.quote(step) + "\\s+COMPLETED");
    }

    JarRunner.Result second = jar.run("up", "--env", env, "--endpoint", endpoint(), "--yes");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("0 succeeded, " + built.size() + " unchanged").contains("API calls: 0 reads, 0 mutating");

    JarRunner.Result converge = jar.run("up", "--converge", "--env", env, "--endpoint", endpoint(), "--yes");
    assertThat(converge.exitCode()).as(converge.toString()).isZero();
    assertThat(converge.out()).as("verify of every step, nothing to repair").contains("0 mutating");
    System.out.printf(Locale.ROOT, "[e2e] second up of %s: %d ms, output: %s%n", env, second.elapsed().toMillis(),
        second.out().lines().filter(l -> l.contains("API calls")).findFirst().orElse(""));

    assertThat(jar.run("verify", "--env", env, "--endpoint", endpoint()).exitCode()).isZero();
    assertThat(liveKeys()).hasSize(1);
    assertThat(roles()).hasSize(10);

    JarRunner.Result destroy = jar.run("destroy", "--env", env, "--endpoint", endpoint(), "--yes", "--delete-data");
    assertThat(destroy.exitCode()).as(destroy.toString()).isZero();
    assertThat(liveKeys()).as("KMS keys not pending deletion").isEmpty();
    assertThat(roles()).as("IAM roles").isEmpty();
    assertThat(iam.listInstanceProfiles(r -> r.pathPrefix("/provisioner/")).instanceProfiles())
        .filteredOn(p -> p.instanceProfileName().startsWith("provisioner-" + env + "-")).isEmpty();
    assertThat(iam.listGroups(r -> r.pathPrefix("/provisioner/")).groups())
        .filteredOn(g -> g.groupName().startsWith("provisioner-" + env + "-")).isEmpty();
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
      var byEnv = Filter.builder().name("tag:provisioner:env").values(env).build();
      assertThat(ec2.describeVpcs(r -> r.filters(byEnv)).vpcs()).as("VPCs").isEmpty();
      assertThat(ec2.describeSubnets(r -> r.filters(byEnv)).subnets()).as("subnets").isEmpty();
      assertThat(ec2.describeSecurityGroups(r -> r.filters(byEnv)).securityGroups()).as("security groups").isEmpty();
      assertThat(ec2.describeNatGateways(r -> r.filter(byEnv)).natGateways())
          .filteredOn(n -> n.state() != NatGatewayState.DELETED).as("NAT gateways").isEmpty();
      assertThat(ec2.describeVpcEndpoints(r -> r.filters(byEnv)).vpcEndpoints())
          .filteredOn(e -> !e.stateAsString().equalsIgnoreCase("deleted")).as("VPC endpoints").isEmpty();
      assertThat(ec2.describeTransitGateways(r -> r.filters(byEnv)).transitGateways())
          .filteredOn(t -> t.state() != TransitGatewayState.DELETED).as("transit gateways").isEmpty();
    }
  }

  @Test
  void verify_exits3OnDrift_andUpConvergeRepairsIt() throws Exception {
    assertThat(jar.run("up", "--env", env, "--endpoint", endpoint(), "--yes").exitCode()).isZero();
    kms.disableKeyRotation(r -> r.keyId(liveKeys().get(0).keyId()));

    JarRunner.Result drift = jar.run("verify", "--env", env, "--endpoint", endpoint());
    assertThat(drift.exitCode()).as(drift.toString()).isEqualTo(3);
    assertThat(drift.out()).containsIgnoringCase("rotation");

    JarRunner.Result plan = jar.run("plan", "--env", env, "--endpoint", endpoint());
    assertThat(plan.exitCode()).isZero();
    assertThat(plan.out()).contains("update").contains("security.kms");

    JarRunner.Result converge = jar.run("up", "--converge", "--env", env, "--endpoint", endpoint(), "--yes");
    assertThat(converge.exitCode()).as(converge.toString()).isZero();
    assertThat(jar.run("verify", "--env", env, "--endpoint", endpoint()).exitCode()).isZero();
  }

  @Test
  void up_killedWithSigkillMidRun_isResumedWithoutDuplicates() throws Exception {
    // killed as the VPC step starts: the security steps are done, the network is half-made
    List<String> before = jar.killWhen(line -> line.contains("... network.vpc"), "up", "--env", env, "--endpoint",
        endpoint(), "--yes", "--parallelism", "1");
    assertThat(before).anySatisfy(l -> assertThat(l).contains("... network.vpc"));

    // The killed run still holds the lock: a second run fails fast, says who and how to break it.
    JarRunner.Result locked = jar.run("up", "--env", env, "--endpoint", endpoint(), "--yes");
    assertThat(locked.exitCode()).as(locked.toString()).isEqualTo(4);
    assertThat(locked.err()).contains("is locked by").contains("unlock --env " + env + " --force --lock-id");
    Matcher id = LOCK_ID.matcher(locked.err());
    assertThat(id.find()).isTrue();

    JarRunner.Result unlock = jar.run("unlock", "--env", env, "--endpoint", endpoint(), "--force", "--lock-id",
        id.group(1), "--yes");
    assertThat(unlock.exitCode()).as(unlock.toString()).isZero();

    JarRunner.Result resumed = jar.run("up", "--env", env, "--endpoint", endpoint(), "--yes");
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    System.out.printf(Locale.ROOT, "[e2e] killed after: %s; resume: %d ms%n", before.get(before.size() - 1),
        resumed.elapsed().toMillis());

    assertThat(liveKeys()).as("KMS keys of the env").hasSize(1);
    assertThat(kms.listAliases().aliases()).filteredOn(a -> a.aliasName().equals("alias/provisioner-" + env)).hasSize(1);
    assertThat(roles()).as("IAM roles of the env").hasSize(10);
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
      var byEnv = Filter.builder().name("tag:provisioner:env").values(env).build();
      assertThat(ec2.describeVpcs(r -> r.filters(byEnv)).vpcs()).as("VPCs of the env").hasSize(1);
      assertThat(ec2.describeSubnets(r -> r.filters(byEnv)).subnets()).as("subnets: 4 tiers x 2 AZs").hasSize(8);
      assertThat(ec2.describeNatGateways(r -> r.filter(byEnv)).natGateways())
          .filteredOn(n -> n.state() != NatGatewayState.DELETED).as("NAT gateways (SINGLE)").hasSize(1);
    }
    assertThat(jar.run("verify", "--env", env, "--endpoint", endpoint()).exitCode()).isZero();
  }

  @Test
  void up_interruptedWithSigterm_finishesRunningStep_recordsStopped_andReleasesTheLock() throws Exception {
    JarRunner.Result interrupted = jar.signalWhen(line -> line.contains("... security.kms"), true,
        "up", "--env", env, "--endpoint", endpoint(), "--yes", "--parallelism", "1");

    assertThat(interrupted.exitCode()).as(interrupted.toString()).isNotZero();
    assertThat(interrupted.err()).as(interrupted.toString()).contains("interrupted: starting nothing new");

    JarRunner.Result status = jar.run("status", "--env", env, "--endpoint", endpoint());
    assertThat(status.out()).as(status.toString()).contains("lock: free").containsPattern("up\\s+STOPPED");
    assertThat(status.out()).as("the running step finished and checkpointed")
        .containsPattern("security\\.kms\\s+COMPLETED");

    JarRunner.Result resumed = jar.run("up", "--env", env, "--endpoint", endpoint(), "--yes");
    assertThat(resumed.exitCode()).as("no lock to wait for: " + resumed).isZero();
    assertThat(liveKeys()).hasSize(1);
  }

  private List<KeyListEntry> liveKeys() {
    return kms.listKeysPaginator(r -> r.limit(100)).keys().stream()
        .filter(k -> kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata().keyState() != KeyState.PENDING_DELETION)
        .filter(k -> kms.listResourceTags(r -> r.keyId(k.keyId())).tags().stream()
            .anyMatch(t -> t.tagKey().equals("provisioner:env") && t.tagValue().equals(env)))
        .toList();
  }

  private List<Role> roles() {
    return iam.listRolesPaginator(r -> r.pathPrefix("/provisioner/")).roles().stream()
        .filter(r -> r.roleName().startsWith("provisioner-" + env + "-"))
        .toList();
  }
}
