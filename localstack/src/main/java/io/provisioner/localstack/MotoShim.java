package io.provisioner.localstack;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * provisioner's moto shim ({@code moto-shim/provisioner_moto.py}, a classpath resource of this
 * module; its source is {@code localstack/src/main/resources/moto-shim/}): a python launcher that
 * applies documented corrections to moto and then runs moto's own server main with {@code
 * moto_server}'s arguments. It runs under the python named in the {@code moto_server} script's
 * shebang, so it imports the same moto. {@code PROVISIONER_MOTO_SHIM=off} runs plain moto.
 */
public final class MotoShim {
  /** The classpath resource holding the shim. */
  public static final String RESOURCE = "/moto-shim/provisioner_moto.py";

  private MotoShim() {}

  /** How moto is started: the command (without {@code -H/-p}) and whether the shim is in it. */
  public record Launch(List<String> command, Optional<Path> python, boolean shimmed, String whyNot) {}

  /**
   * The command that runs the shim for {@code motoServerCommand} (the {@code moto_server}
   * executable), or that command itself, with the reason, when the shim cannot be used.
   *
   * @param home directory the shim is extracted to ({@code moto-shim/} below it)
   */
  public static Launch launch(List<String> motoServerCommand, Path home) {
    String setting = System.getenv().getOrDefault("PROVISIONER_MOTO_SHIM", "").trim().toLowerCase(Locale.ROOT);
    Optional<Path> python = motoServerCommand.size() == 1
        ? interpreter(Path.of(motoServerCommand.get(0)))
        : Optional.empty();
    if (List.of("off", "false", "0", "no").contains(setting)) {
      return new Launch(motoServerCommand, python, false, "PROVISIONER_MOTO_SHIM=" + setting);
    }
    if (python.isEmpty()) {
      return new Launch(motoServerCommand, python, false,
          "no python interpreter in the shebang of " + motoServerCommand);
    }
    Optional<Path> shim;
    try {
      shim = shimFile(home);
    } catch (IOException e) {
      return new Launch(motoServerCommand, python, false, "could not extract the shim: " + e.getMessage());
    }
    if (shim.isEmpty()) {
      return new Launch(motoServerCommand, python, false, RESOURCE + " is not on the classpath");
    }
    return new Launch(List.of(python.get().toString(), shim.get().toString()), python, true, "");
  }

  /**
   * The python interpreter named by the first line of {@code script} ({@code #!/path/python} or
   * {@code #!/usr/bin/env python3}), when it is an executable file.
   */
  public static Optional<Path> interpreter(Path script) {
    String first;
    try (BufferedReader reader = Files.newBufferedReader(script, StandardCharsets.ISO_8859_1)) {
      first = reader.readLine();
    } catch (IOException e) {
      return Optional.empty();
    }
    if (first == null || !first.startsWith("#!")) {
      return Optional.empty();
    }
    String[] parts = first.substring(2).trim().split("\\s+");
    if (parts.length == 0 || parts[0].isEmpty()) {
      return Optional.empty();
    }
    if (parts[0].endsWith("/env")) {
      if (parts.length < 2) {
        return Optional.empty();
      }
      return onPath(parts[parts.length - 1]);
    }
    Path python = Path.of(parts[0]);
    return Files.isExecutable(python) ? Optional.of(python) : Optional.empty();
  }

  private static Optional<Path> onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Extracts the shim resource to {@code home/moto-shim/provisioner_moto-<hash>.py} (named by
   * content, so concurrent runs share it and a newer shim never overwrites one that runs) and
   * returns that file; empty when the resource is missing from the classpath.
   */
  public static Optional<Path> shimFile(Path home) throws IOException {
    byte[] content;
    try (InputStream in = MotoShim.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return Optional.empty();
      }
      content = in.readAllBytes();
    }
    Path dir = home.resolve("moto-shim");
    Files.createDirectories(dir);
    Path target = dir.resolve("provisioner_moto-" + sha256(content).substring(0, 16) + ".py");
    if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), content)) {
      return Optional.of(target);
    }
    Path temp = Files.createTempFile(dir, "provisioner_moto", ".tmp");
    try {
      Files.write(temp, content);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return Optional.of(target);
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
