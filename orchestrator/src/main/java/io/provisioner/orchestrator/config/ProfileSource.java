package io.provisioner.orchestrator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Map;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import io.provisioner.steps.spec.FunctionSource;

/**
 * Where a profile and its policy files come from: a folder on disk ({@code src/envs/prod.yaml}
 * with policies in {@code src/policies/}) or the copies bundled in the jar.
 *
 * @param description shown in every error, e.g. {@code src/envs/prod.yaml}
 * @param yaml the profile text
 * @param policies reads a policy file relative to the policies folder
 */
public record ProfileSource(String description, String yaml, io.provisioner.steps.spec.PolicySource policies,
    FunctionSource functions) {

  public ProfileSource {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(functions, "functions");
  }

  /** {@code --config FILE}: policies from {@code <file's folder>/../policies}, functions from {@code ../functions}. */
  public static ProfileSource file(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new ConfigException(file.toString(), java.util.List.of("file not found: " + absolute));
    }
    Path policies = absolute.getParent().resolveSibling("policies");
    return new ProfileSource(file.toString(), read(absolute), relative -> readPolicy(policies, relative),
        FunctionSource.directory(absolute.getParent().resolveSibling("functions")));
  }

  /**
   * {@code --env NAME}: {@code src/envs/NAME.yaml} under the working directory when present (so
   * edits in a checkout take effect), else the profile bundled in the jar.
   */
  public static ProfileSource env(String env, Path workingDirectory) {
    if (!env.matches("[a-z][a-z0-9-]{0,31}")) {
      throw new ConfigException("--env", java.util.List.of("'" + env + "' is not an environment name (lowercase letters, digits, -)"));
    }
    Path onDisk = workingDirectory.resolve("src").resolve("envs").resolve(env + ".yaml");
    if (Files.isRegularFile(onDisk)) {
      return file(onDisk);
    }
    String resource = "provisioner/envs/" + env + ".yaml";
    try (InputStream in = ProfileSource.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException("--env " + env, java.util.List.of(
            "no profile named '" + env + "': neither " + onDisk + " nor a bundled profile exists; "
                + "create src/envs/" + env + ".yaml or pass --config FILE"));
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new ProfileSource("bundled profile " + env + ".yaml", text, ProfileSource::readBundledPolicy,
          ProfileSource::readBundledFunction);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), java.util.List.of("cannot be read: " + e.getMessage()));
    }
  }

  private static String readPolicy(Path folder, String relative) {
    Path file = folder.resolve(relative).normalize();
    if (!file.startsWith(folder.normalize())) {
      throw new IllegalArgumentException("policy file " + relative + " points outside " + folder);
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("policy file " + file + " does not exist");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("policy file " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static String readBundledPolicy(String relative) {
    String resource = "provisioner/policies/" + relative;
    try (InputStream in = ProfileSource.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("policy file " + relative + " is not bundled in this jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A function folder bundled in the jar ({@code provisioner/functions/<name>/}), read through the jar's file system. */
  private static Map<String, byte[]> readBundledFunction(String name) {
    URL root = ProfileSource.class.getClassLoader().getResource("provisioner/functions/");
    if (root == null) {
      throw new IllegalArgumentException("function folder " + name + " is not bundled in this jar");
    }
    try {
      URI uri = root.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return FunctionSource.directory(Path.of(uri)).read(name);
      }
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return FunctionSource.directory(jar.provider().getPath(uri)).read(name);
      }
    } catch (URISyntaxException | IOException e) {
      throw new IllegalArgumentException("function folder " + name + " cannot be read from the jar: " + e.getMessage(), e);
    }
  }
}
