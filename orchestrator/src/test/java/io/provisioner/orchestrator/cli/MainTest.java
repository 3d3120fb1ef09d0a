package io.provisioner.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's exit codes and messages for everything decided before any AWS call. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path temp;

  private int run(String... args) {
    return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void graph_printsDotWithoutAnyAwsCall() {
    assertThat(run("graph", "--env", "dev")).isEqualTo(ExitCode.OK);
    assertThat(out()).startsWith("digraph \"dev\" {").contains("\"security.kms\";").contains("\"security.iam\";");
  }

  @Test
  void graph_mermaid() {
    assertThat(run("graph", "--env", "prod", "--format", "mermaid")).isEqualTo(ExitCode.OK);
    assertThat(out()).startsWith("graph LR").contains("security_kms[\"security.kms\"]");
  }

  @Test
  void graph_unknownFormat_isUsageError() {
    assertThat(run("graph", "--env", "dev", "--format", "png")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("--format must be dot or mermaid");
  }

  @Test
  void noEnvironment_isUsageError() {
    assertThat(run("up")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("--env ENV or --config FILE is required");
  }

  @Test
  void unknownEnvironment_isUsageError_sayingHowToFixIt() {
    assertThat(run("up", "--env", "staging")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("no profile named 'staging'");
  }

  @Test
  void invalidProfile_isUsageError_listingEveryProblemBeforeAnyAwsCall() throws IOException {
    Path envs = Files.createDirectories(temp.resolve("src/envs"));
    Path policies = Files.createDirectories(temp.resolve("src/policies/iam"));
    try (var files = Files.list(Path.of("..", "src", "policies", "iam"))) {
      for (Path f : files.toList()) {
        Files.copy(f, policies.resolve(f.getFileName()));
      }
    }
    String yaml = Files.readString(Path.of("..", "src", "envs", "dev.yaml"))
        .replace("deletionWindowDays: 7", "deletionWindowDays: 90")
        .replace("dr: us-west-2", "dr: us-east-1");
    Path file = Files.writeString(envs.resolve("dev.yaml"), yaml);

    // --endpoint points nowhere: the profile must be rejected before anything is contacted
    assertThat(run("up", "--config", file.toString(), "--endpoint", "http://127.0.0.1:9")).isEqualTo(ExitCode.USAGE);

    assertThat(err()).contains("security.kms.deletionWindowDays: 90 is out of range")
        .contains("regions.dr: must differ from primary");
  }

  @Test
  void unknownSubcommand_isUsageError() {
    assertThat(run("launch")).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void unlock_withoutForceAndLockId_isUsageError() {
    assertThat(run("unlock", "--env", "dev")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("--force and --lock-id");
  }

  @Test
  void badParallelism_isUsageError() {
    assertThat(run("up", "--env", "dev", "--parallelism", "0", "--endpoint", "http://127.0.0.1:9"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("--parallelism");
  }

  @Test
  void badLogFormat_isUsageError() {
    assertThat(run("status", "--env", "dev", "--log-format", "xml")).isEqualTo(ExitCode.USAGE);
    assertThat(err()).contains("--log-format must be text or json");
  }

  @Test
  void help_listsEveryCommand() {
    assertThat(run("--help")).isEqualTo(ExitCode.OK);
    assertThat(out()).contains("up", "plan", "status", "verify", "rollback", "destroy", "graph", "unlock");
  }
}
