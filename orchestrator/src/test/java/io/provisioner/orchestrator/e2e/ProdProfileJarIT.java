package io.provisioner.orchestrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioner.localstack.Emulator;
import io.provisioner.localstack.junit.EmulatorExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prod profile through the built jar: the organization and its member accounts, SCPs, then
 * KMS, IAM and the network in the prod account reached through its role; Control Tower shows
 * SKIPPED (the emulator lacks it). A second up makes no call; destroy takes it down in reverse.
 */
@ExtendWith(EmulatorExtension.class)
class ProdProfileJarIT {
  @TempDir
  Path workdir;

  @Test
  void upProd_acrossAccounts_secondUpMakesNoCall_destroyTakesItDown(Emulator emulator) throws Exception {
    Path root = Path.of(System.getProperty("provisioner.root", ".."));
    DevEnvironment.copyTree(root.resolve("src/policies"), workdir.resolve("src/policies"));
    DevEnvironment.copyTree(root.resolve("src/functions"), workdir.resolve("src/functions"));
    Files.createDirectories(workdir.resolve("src/envs"));
    Files.copy(root.resolve("src/envs/prod.yaml"), workdir.resolve("src/envs/prod.yaml"));
    JarRunner jar = new JarRunner(workdir);
    String endpoint = emulator.endpoint().toString();

    List<String> steps = jar.steps("prod");
    List<String> emulatorLacks = List.of("org.controltower", "data.backup-selection");
    int built = steps.size() - emulatorLacks.size();
    JarRunner.Result up = jar.run("up", "--env", "prod", "--endpoint", endpoint, "--yes");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.out()).contains(built + " succeeded").contains(emulatorLacks.size() + " skipped")
        .contains("SKIPPED org.controltower: unsupported by endpoint")
        .contains("SKIPPED data.backup-selection: unsupported by endpoint");
    System.out.printf(Locale.ROOT, "[e2e-prod] first up: %d ms; %s%n", up.elapsed().toMillis(),
        up.out().lines().filter(l -> l.startsWith("up prod:") && l.contains("succeeded")).findFirst().orElse(""));
    up.out().lines().filter(l -> l.startsWith("  ok")).forEach(l -> System.out.println("[e2e-prod] " + l.strip()));

    JarRunner.Result status = jar.run("status", "--env", "prod", "--endpoint", endpoint);
    for (String step : steps) {
      assertThat(status.out()).as(status.toString())
          .containsPattern(Pattern.quote(step) + (emulatorLacks.contains(step) ? "\\s+SKIPPED" : "\\s+COMPLETED"));
    }
    assertThat(status.out()).containsPattern("org\\.controltower\\s+SKIPPED");

    JarRunner.Result second = jar.run("up", "--env", "prod", "--endpoint", endpoint, "--yes");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains(built + " unchanged").contains("API calls: 0 reads, 0 mutating");

    JarRunner.Result verify = jar.run("verify", "--env", "prod", "--endpoint", endpoint);
    assertThat(verify.exitCode()).as(verify.toString()).isZero();

    // The prod database has deletion protection: without --delete-data, destroy refuses to delete it
    // (and the buckets holding objects) and says how to go on; nothing of the data tier is lost.
    JarRunner.Result refused = jar.run("destroy", "--env", "prod", "--endpoint", endpoint, "--yes");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.out()).contains("deletion protection").contains("--delete-data");
    JarRunner.Result stillThere = jar.run("status", "--env", "prod", "--endpoint", endpoint);
    assertThat(stillThere.out()).as(stillThere.toString()).containsPattern("data\\.rds\\s+FAILED");

    JarRunner.Result destroy = jar.run("destroy", "--env", "prod", "--endpoint", endpoint, "--yes", "--delete-data");
    assertThat(destroy.exitCode()).as(destroy.toString()).isZero();
    // the refused destroy already took down what does not sit on the database or the buckets
    List<String> order = (refused.out() + destroy.out()).lines().filter(l -> l.contains(" rollback"))
        .map(String::strip).toList();
    assertThat(order).as("reverse order").containsSubsequence("... network.transit-gateway rollback",
        "... network.vpc rollback", "... security.iam rollback", "... org.organization rollback");
    System.out.printf(Locale.ROOT, "[e2e-prod] destroy: %d ms%n", destroy.elapsed().toMillis());

    JarRunner.Result after = jar.run("verify", "--env", "prod", "--endpoint", endpoint);
    assertThat(after.exitCode()).as("everything is missing after destroy: " + after).isEqualTo(3);
    assertThat(after.out()).doesNotContain("in sync ");
  }
}
