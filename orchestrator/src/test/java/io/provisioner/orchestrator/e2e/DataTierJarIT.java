package io.provisioner.orchestrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * The data tier through the built jar on the dev profile: no secret value ever reaches the state
 * table, the run records or the logs; a bucket whose public access block was removed is reported by
 * verify and restored by up --converge; a SIGKILL while the database or the cache is being made is
 * resumed without a second instance, replica or replication group; destroy with --delete-data leaves
 * no database, cache, bucket or repository, and schedules the secrets for deletion.
 */
@ExtendWith(EmulatorExtension.class)
class DataTierJarIT {
  private static final Pattern LOCK_ID = Pattern.compile("--lock-id ([0-9a-f-]{36})");

  @TempDir
  Path workdir;

  private Emulator emulator;
  private JarRunner jar;
  private String env;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private SecretsManagerClient secrets;
  private RdsClient rds;
  private ElastiCacheClient cache;
  private S3Client s3;

  @BeforeEach
  void setUp(Emulator emulator) throws Exception {
    this.emulator = emulator;
    env = DevEnvironment.newName();
    DevEnvironment.write(workdir, env);
    jar = new JarRunner(workdir);
    secrets = client(SecretsManagerClient.builder());
    rds = client(RdsClient.builder());
    cache = client(ElastiCacheClient.builder());
    s3 = client(S3Client.builder().forcePathStyle(true));
  }

  @AfterEach
  void tearDown() throws Exception {
    jar.run("destroy", "--env", env, "--endpoint", endpoint(), "--yes", "--delete-data");
    for (AutoCloseable c : clients) {
      c.close();
    }
  }

  private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C client(B builder) {
    C built = builder.endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    clients.add(built);
    return built;
  }

  private String endpoint() {
    return emulator.endpoint().toString();
  }

  @Test
  void noSecretValueReachesStateRunRecordsOrLogs_andDestroyLeavesNoData() throws Exception {
    JarRunner.Result up = jar.run("up", "--env", env, "--endpoint", endpoint(), "--yes", "-vv");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    JarRunner.Result converge = jar.run("up", "--converge", "--env", env, "--endpoint", endpoint(), "--yes", "-vv",
        "--log-format", "json");
    assertThat(converge.exitCode()).as(converge.toString()).isZero();
    JarRunner.Result status = jar.run("status", "--env", env, "--endpoint", endpoint());

    List<String> values = secretValues();
    assertThat(values).as("the db password and the cache token were generated").hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(16));
    String state = stateItems();
    assertThat(state).as("state items of the env").contains("data.secrets").contains("secret.db-credentials.arn");
    String archived = archivedRuns();
    String logs = up.out() + up.err() + converge.out() + converge.err() + status.out() + status.err();
    assertThat(logs).as("debug logs were captured").contains("data.elasticache");
    for (String value : values) {
      assertThat(state).as("state table").doesNotContain(value);
      assertThat(archived).as("exported run records").doesNotContain(value);
      assertThat(logs).as("terminal output and logs").doesNotContain(value);
    }
    System.out.printf(Locale.ROOT, "[e2e-data] %d secret values checked against %d chars of state, %d of run records,"
        + " %d of logs%n", values.size(), state.length(), archived.length(), logs.length());

    // A bucket's public access block removed behind provisioner's back: verify names it, up --converge
    // (which verifies every completed step and converges what drifted) puts it back.
    String bucket = s3.listBuckets().buckets().stream().map(b -> b.name())
        .filter(n -> n.startsWith("provisioner-" + env + "-static-assets-")).findFirst().orElseThrow();
    s3.deletePublicAccessBlock(r -> r.bucket(bucket));
    JarRunner.Result drift = jar.run("verify", "--env", env, "--endpoint", endpoint());
    assertThat(drift.exitCode()).as(drift.toString()).isEqualTo(3);
    assertThat(drift.out()).contains("storage.s3").contains(bucket).containsIgnoringCase("public access block");
    JarRunner.Result repair = jar.run("up", "--converge", "--env", env, "--endpoint", endpoint(), "--yes");
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    assertThat(s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration().blockPublicAcls())
        .isTrue();
    assertThat(jar.run("verify", "--env", env, "--endpoint", endpoint()).exitCode()).isZero();

    JarRunner.Result destroy = jar.run("destroy", "--env", env, "--endpoint", endpoint(), "--yes", "--delete-data");
    assertThat(destroy.exitCode()).as(destroy.toString()).isZero();
    assertThat(instances()).as("DB instances of the env").isEmpty();
    assertThat(liveGroups()).as("replication groups of the env").isEmpty();
    assertThat(s3.listBuckets().buckets()).as("buckets of the env")
        .filteredOn(b -> b.name().startsWith("provisioner-" + env + "-")).isEmpty();
    try (EcrClient ecr = client(EcrClient.builder())) {
      assertThat(ecr.describeRepositories().repositories()).as("repositories of the env")
          .filteredOn(r -> r.repositoryName().equals("provisioner/" + env)).isEmpty();
    }
    assertThat(envSecrets()).as("secrets are scheduled for deletion, not destroyed at once")
        .hasSize(2).allSatisfy(s -> assertThat(s.deletedDate()).isNotNull());
    assertThat(rds.describeDBSnapshots().dbSnapshots()).as("the database's final snapshot")
        .anySatisfy(s -> assertThat(s.dbSnapshotIdentifier()).startsWith("provisioner-" + env + "-postgres-final-"));
  }

  @Test
  void killedWhileMakingTheDatabaseAndTheCache_resumeMakesNoSecondInstanceReplicaOrGroup() throws Exception {
    killAndUnlock("... data.rds");
    killAndUnlock("... data.elasticache");

    JarRunner.Result resumed = jar.run("up", "--env", env, "--endpoint", endpoint(), "--yes");
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    System.out.printf(Locale.ROOT, "[e2e-data] resume after two kills: %d ms; %s%n", resumed.elapsed().toMillis(),
        resumed.out().lines().filter(l -> l.contains("API calls")).findFirst().orElse(""));

    assertThat(instances()).extracting(DBInstance::dbInstanceIdentifier).as("the primary and its one replica")
        .containsExactlyInAnyOrder("provisioner-" + env + "-postgres", "provisioner-" + env + "-postgres-replica-us-east-1b");
    assertThat(liveGroups()).extracting(ReplicationGroup::replicationGroupId).containsExactly("provisioner-" + env + "-redis");
    assertThat(envSecrets()).as("db credentials and cache token").hasSize(2);
    assertThat(jar.run("verify", "--env", env, "--endpoint", endpoint()).exitCode()).isZero();
  }

  /** Runs up one step at a time, SIGKILLs it as {@code marker} starts, and breaks the dead run's lock. */
  private void killAndUnlock(String marker) throws Exception {
    List<String> before = jar.killWhen(line -> line.contains(marker), "up", "--env", env, "--endpoint", endpoint(),
        "--yes", "--parallelism", "1");
    assertThat(before).as("killed at " + marker).anySatisfy(l -> assertThat(l).contains(marker));
    JarRunner.Result locked = jar.run("up", "--env", env, "--endpoint", endpoint(), "--yes");
    assertThat(locked.exitCode()).as(locked.toString()).isEqualTo(4);
    Matcher id = LOCK_ID.matcher(locked.err());
    assertThat(id.find()).as(locked.err()).isTrue();
    assertThat(jar.run("unlock", "--env", env, "--endpoint", endpoint(), "--force", "--lock-id", id.group(1), "--yes")
        .exitCode()).isZero();
  }

  private List<DBInstance> instances() {
    return rds.describeDBInstances().dbInstances().stream()
        .filter(i -> i.dbInstanceIdentifier().startsWith("provisioner-" + env + "-"))
        .filter(i -> !"deleting".equals(i.dbInstanceStatus()))
        .toList();
  }

  private List<ReplicationGroup> liveGroups() {
    return cache.describeReplicationGroups().replicationGroups().stream()
        .filter(g -> g.replicationGroupId().startsWith("provisioner-" + env + "-"))
        .filter(g -> !"deleting".equals(g.status()))
        .toList();
  }

  private List<SecretListEntry> envSecrets() {
    return secrets.listSecretsPaginator(r -> r.includePlannedDeletion(true)).stream()
        .flatMap(page -> page.secretList().stream())
        .filter(s -> s.name().startsWith("provisioner/" + env + "/"))
        .toList();
  }

  /** Every value of every version of the env's secrets, and each field of JSON ones (the db password). */
  private List<String> secretValues() {
    List<String> values = new ArrayList<>();
    for (SecretListEntry secret : envSecrets()) {
      secrets.listSecretVersionIdsPaginator(r -> r.secretId(secret.arn())).stream()
          .flatMap(page -> page.versions().stream()).forEach(v -> {
        String text = secrets.getSecretValue(r -> r.secretId(secret.arn()).versionId(v.versionId())).secretString();
        if (text == null) {
          return;
        }
        Matcher password = Pattern.compile("\"password\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
        values.add(password.find() ? password.group(1) : text);
      });
    }
    return values.stream().distinct().toList();
  }

  private String stateItems() {
    try (DynamoDbClient dynamo = client(DynamoDbClient.builder())) {
      StringBuilder all = new StringBuilder();
      dynamo.scanPaginator(r -> r.tableName(DevEnvironment.STATE_TABLE)).items().stream()
          .filter(item -> item.getOrDefault("pk", AttributeValue.fromS("")).s().equals("ENV#" + env))
          .map(Map::toString).forEach(all::append);
      return all.toString();
    }
  }

  /** The run records exported to the state bucket, when the emulator let them be written. */
  private String archivedRuns() {
    StringBuilder all = new StringBuilder();
    s3.listBuckets().buckets().stream().filter(b -> b.name().startsWith(DevEnvironment.STATE_TABLE + "-runs-"))
        .forEach(b -> s3.listObjectsV2Paginator(r -> r.bucket(b.name()).prefix("runs/" + env + "/")).contents()
            .forEach(o -> all.append(s3.getObjectAsBytes(r -> r.bucket(b.name()).key(o.key())).asUtf8String())));
    return all.toString();
  }
}
