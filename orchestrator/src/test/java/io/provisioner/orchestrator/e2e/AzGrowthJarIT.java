package io.provisioner.orchestrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Inputs in the change hash, end to end through the jar: a completed prod environment gets a fourth
 * AZ in its profile, and a plain {@code up} (no {@code --converge}) converges {@code network.vpc}
 * and every step that reads its outputs, so that whatever sits in subnets covers the new AZ; the
 * steps that read nothing of the VPC make no call. A further {@code up} makes no call at all.
 */
@ExtendWith(EmulatorExtension.class)
class AzGrowthJarIT {
  private static final Pattern RESULT = Pattern.compile(
      "^\\s+ok\\s+(\\S+)\\s+SUCCEEDED\\s+\\S+\\s+reads\\s+(\\d+)\\s+mutations\\s+(\\d+)", Pattern.MULTILINE);
  private static final String NEW_AZ = "us-east-1d";

  @TempDir
  Path workdir;

  @Test
  void addingAnAz_plainUpConvergesTheStepsThatReadTheVpc_andTheirResourcesCoverIt(Emulator emulator)
      throws Exception {
    Path root = Path.of(System.getProperty("provisioner.root", ".."));
    DevEnvironment.copyTree(root.resolve("src/policies"), workdir.resolve("src/policies"));
    DevEnvironment.copyTree(root.resolve("src/functions"), workdir.resolve("src/functions"));
    Files.createDirectories(workdir.resolve("src/envs"));
    Path profile = workdir.resolve("src/envs/prod.yaml");
    String yaml = Files.readString(root.resolve("src/envs/prod.yaml"));
    Files.writeString(profile, yaml);
    JarRunner jar = new JarRunner(workdir);
    String endpoint = emulator.endpoint().toString();

    JarRunner.Result up = jar.run("up", "--env", "prod", "--endpoint", endpoint, "--yes");
    assertThat(up.exitCode()).as(up.toString()).isZero();

    Files.writeString(profile, withFourthAz(yaml));
    JarRunner.Result grown = jar.run("up", "--env", "prod", "--endpoint", endpoint, "--yes");
    assertThat(grown.exitCode()).as(grown.toString()).isZero();
    Map<String, long[]> converged = converged(grown.out());
    converged.forEach((step, calls) -> System.out.printf(Locale.ROOT, "[e2e-az] converged %-26s reads %4d mutating %4d%n",
        step, calls[0], calls[1]));
    System.out.println("[e2e-az] " + grown.out().lines().filter(l -> l.startsWith("up prod:") && l.contains("succeeded")).findFirst().orElse(""));

    List<String> placeInSubnets = List.of("network.vpc", "network.endpoints", "network.transit-gateway",
        "data.secrets", "data.rds", "data.elasticache");
    assertThat(converged).as(grown.toString()).containsKeys(placeInSubnets.toArray(String[]::new));
    placeInSubnets.forEach(step -> assertThat(converged.get(step)[1]).as("mutating calls of " + step).isPositive());
    assertThat(converged).as("steps that read nothing of the VPC are left alone").doesNotContainKeys(
        "org.organization", "org.scp", "security.kms", "security.iam", "storage.ecr", "storage.s3", "data.backup");

    JarRunner.Result verify = jar.run("verify", "--env", "prod", "--endpoint", endpoint);
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    JarRunner.Result again = jar.run("up", "--env", "prod", "--endpoint", endpoint, "--yes");
    assertThat(again.out()).as(again.toString()).contains("API calls: 0 reads, 0 mutating");

    ProdAccount prod = ProdAccount.of(emulator.endpoint());
    String newData = prod.subnet("data");
    String newApp = prod.subnet("app");
    assertThat(prod.rds().describeDBSubnetGroups().dbSubnetGroups()).isNotEmpty().allSatisfy(group ->
        assertThat(group.subnets()).anySatisfy(s -> assertThat(s.subnetIdentifier()).isEqualTo(newData)));
    assertThat(prod.cache().describeCacheSubnetGroups().cacheSubnetGroups()).isNotEmpty().allSatisfy(group ->
        assertThat(group.subnets()).anySatisfy(s -> assertThat(s.subnetIdentifier()).isEqualTo(newData)));
    assertThat(prod.lambda().listFunctions().functions()).isNotEmpty().allSatisfy(f ->
        assertThat(f.vpcConfig().subnetIds()).contains(newApp));

    JarRunner.Result destroy = jar.run("destroy", "--env", "prod", "--endpoint", endpoint, "--yes", "--delete-data");
    assertThat(destroy.exitCode()).as(destroy.toString()).isZero();
  }

  /** The prod profile with us-east-1d added to the VPC's AZs and a subnet of each tier there. */
  private static String withFourthAz(String yaml) {
    String grown = yaml
        .replace("availabilityZones: [us-east-1a, us-east-1b, us-east-1c]\n    subnets:",
            "availabilityZones: [us-east-1a, us-east-1b, us-east-1c, " + NEW_AZ + "]\n    subnets:")
        .replace("us-east-1c: 10.0.2.0/24}", "us-east-1c: 10.0.2.0/24, " + NEW_AZ + ": 10.0.3.0/24}")
        .replace("us-east-1c: 10.0.12.0/24}", "us-east-1c: 10.0.12.0/24, " + NEW_AZ + ": 10.0.13.0/24}")
        .replace("us-east-1c: 10.0.22.0/24}", "us-east-1c: 10.0.22.0/24, " + NEW_AZ + ": 10.0.23.0/24}")
        .replace("us-east-1c: 10.0.32.0/24}", "us-east-1c: 10.0.32.0/24, " + NEW_AZ + ": 10.0.33.0/24}");
    assertThat(grown.split(NEW_AZ, -1)).as("the AZ and a subnet of each of the four tiers").hasSize(6);
    return grown;
  }

  /** Steps that ran (rather than being skipped as unchanged), with their reads and mutating calls. */
  private static Map<String, long[]> converged(String out) {
    Map<String, long[]> steps = new LinkedHashMap<>();
    Matcher m = RESULT.matcher(out);
    while (m.find()) {
      steps.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
    }
    return steps;
  }

  /** Clients in the prod member account, reached as the tool does: OrganizationAccountAccessRole. */
  private record ProdAccount(URI endpoint, StaticCredentialsProvider credentials) {
    static ProdAccount of(URI endpoint) {
      StaticCredentialsProvider root = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
      String id;
      try (OrganizationsClient org = OrganizationsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
          .credentialsProvider(root).build()) {
        id = org.listAccountsPaginator(software.amazon.awssdk.services.organizations.model.ListAccountsRequest.builder().build()).stream().flatMap(page -> page.accounts().stream()).filter(a -> a.name().equals("prod"))
            .findFirst().orElseThrow().id();
      }
      try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
          .credentialsProvider(root).build()) {
        Credentials c = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + id + ":role/OrganizationAccountAccessRole")
            .roleSessionName("e2e-az")).credentials();
        return new ProdAccount(endpoint, StaticCredentialsProvider.create(
            AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())));
      }
    }

    String subnet(String tier) {
      try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
          .credentialsProvider(credentials).build()) {
        return ec2.describeSubnets(b -> b.filters(f -> f.name("availability-zone").values(NEW_AZ))).subnets().stream()
            .filter(s -> s.tags().stream().anyMatch(t -> t.key().equals("provisioner:key")
                && t.value().equals("subnet." + tier + "." + NEW_AZ)))
            .findFirst().orElseThrow(() -> new AssertionError("no " + tier + " subnet in " + NEW_AZ)).subnetId();
      }
    }

    RdsClient rds() {
      return RdsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
          .build();
    }

    ElastiCacheClient cache() {
      return ElastiCacheClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
          .credentialsProvider(credentials).build();
    }

    LambdaClient lambda() {
      return LambdaClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
          .build();
    }
  }
}
