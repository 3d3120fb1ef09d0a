package io.provisioner.orchestrator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A copy of the dev profile under a fresh environment name, with the policies and function sources
 * beside it, in a working directory of its own: what the end-to-end tests run the jar on.
 */
final class DevEnvironment {
  static final String STATE_TABLE = "provisioner-state-e2e";

  private DevEnvironment() {}

  /** A fresh environment name: {@code e2e} and six random letters. */
  static String newName() {
    return "e2e" + new java.util.Random().ints(6, 'a', 'z' + 1)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
  }

  /** Writes {@code src/envs/<env>.yaml}, {@code src/policies} and {@code src/functions} into {@code workdir}. */
  static void write(Path workdir, String env) throws IOException {
    Path root = Path.of(System.getProperty("provisioner.root", ".."));
    copyTree(root.resolve("src/policies"), workdir.resolve("src/policies"));
    copyTree(root.resolve("src/functions"), workdir.resolve("src/functions"));
    String profile = Files.readString(root.resolve("src/envs/dev.yaml"))
        .replace("name: dev", "name: " + env)
        .replace("Environment: dev", "Environment: " + env)
        .replace("alias/provisioner-dev", "alias/provisioner-" + env)
        .replace("provisioner-dev-postgres", "provisioner-" + env + "-postgres")
        .replace("table: provisioner-state", "table: " + STATE_TABLE);
    Files.createDirectories(workdir.resolve("src/envs"));
    Files.writeString(workdir.resolve("src/envs/" + env + ".yaml"), profile);
  }

  static void copyTree(Path from, Path to) throws IOException {
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
