package io.provisioner.steps.support;

import io.provisioner.steps.spec.FunctionSource;
import io.provisioner.steps.spec.SpecCheck;
import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The code of a Lambda function: the files of a folder under {@code src/functions/}, read by a
 * {@link FunctionSource} while the profile is loaded (as {@link PolicyDocument} reads policies).
 *
 * <p>Its JSON form, which is what the spec hash covers, holds the folder and the SHA-256 of every
 * file, never the bytes: editing a file makes {@code up} converge the step that deploys it. {@link
 * #zip()} builds the deployment package deterministically (files in path order, a fixed timestamp,
 * stored uncompressed so no zlib version can change a byte), so the same sources always give the
 * same {@link #codeSha256()}, which is what Lambda reports as {@code CodeSha256}: a step compares the
 * two to know whether the deployed code is current.
 *
 * @param directory the folder, relative to the functions folder, e.g. {@code db-credentials-rotation}
 * @param sha256ByFile hex SHA-256 of each file by its relative path; computed from {@code contents}
 *     when null
 * @param contents the bytes of each file by its relative path; left out of JSON, equality and
 *     {@code toString}
 */
public record FunctionCode(
    String directory, Map<String, String> sha256ByFile, @JsonIgnore Map<String, byte[]> contents) {

  /** The timestamp of every zip entry: the earliest DOS date, so no local time zone enters the zip. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
  private static final String REQUIREMENTS = "requirements.txt";

  public FunctionCode {
    Map<String, byte[]> copied = new TreeMap<>();
    if (contents != null) {
      contents.forEach((path, bytes) -> copied.put(path, bytes == null ? null : bytes.clone()));
    }
    Map<String, String> computed = new TreeMap<>();
    copied.forEach((path, bytes) -> computed.put(path, bytes == null ? null : hex(sha256(bytes))));
    SpecCheck.of()
        .notBlank(directory, "directory")
        .require(!copied.isEmpty(), "directory", "no files were read from function folder " + directory)
        .require(copied.keySet().stream().allMatch(FunctionCode::isRelativePath), "directory",
            "every file must have a relative path without . or .. segments")
        .require(copied.values().stream().allMatch(Objects::nonNull), "directory", "a file has no content")
        .require(sha256ByFile == null || new TreeMap<>(sha256ByFile).equals(computed), "sha256ByFile",
            "does not match the files' contents")
        .done();
    contents = Collections.unmodifiableMap(copied);
    sha256ByFile = Collections.unmodifiableMap(computed);
  }

  /** The code made of these files, e.g. in tests. */
  public static FunctionCode of(String directory, Map<String, byte[]> contents) {
    return new FunctionCode(directory, null, contents);
  }

  /** Binds {@code {directory: NAME}} from the profile, reading the files through the injected source. */
  @JsonCreator
  static FunctionCode fromDirectory(
      @JsonProperty("directory") String directory, @JacksonInject FunctionSource source) {
    Map<String, byte[]> files = directory == null || directory.isBlank() || source == null
        ? null : source.read(directory);
    return new FunctionCode(directory, null, files);
  }

  /** The bytes of each file by its relative path (copies are not made: do not modify them). */
  @Override
  @JsonIgnore
  public Map<String, byte[]> contents() {
    return contents;
  }

  /** True when the folder holds this file, e.g. {@code lambda_function.py}. */
  public boolean contains(String relativePath) {
    return contents.containsKey(relativePath);
  }

  /**
   * The deployment package: one stored entry per file in path order, each with the same fixed
   * timestamp. The same files always give the same bytes.
   */
  public byte[] zip() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buffer, StandardCharsets.UTF_8)) {
      zip.setMethod(ZipOutputStream.STORED);
      for (Map.Entry<String, byte[]> file : contents.entrySet()) {
        byte[] bytes = file.getValue();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ZipEntry entry = new ZipEntry(file.getKey());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a zip in memory cannot fail to be written", e);
    }
    return buffer.toByteArray();
  }

  /** Base64 of the SHA-256 of {@link #zip()}: the {@code CodeSha256} Lambda reports for this package. */
  public String codeSha256() {
    return Base64.getEncoder().encodeToString(sha256(zip()));
  }

  /**
   * The pinned lines of {@code requirements.txt} ({@code name==version}) that are not installed in
   * the folder, i.e. that have no {@code <name>-<version>.dist-info} folder next to the sources
   * ({@code pip install -r requirements.txt -t .} makes one per package). Empty when the folder has
   * no requirements file.
   */
  public List<String> missingRequirements() {
    byte[] requirements = contents.get(REQUIREMENTS);
    if (requirements == null) {
      return List.of();
    }
    List<String> installed = contents.keySet().stream()
        .filter(p -> p.indexOf('/') > 0 && p.substring(0, p.indexOf('/')).endsWith(".dist-info"))
        .map(p -> normalize(p.substring(0, p.indexOf('/') - ".dist-info".length())))
        .distinct()
        .toList();
    List<String> missing = new ArrayList<>();
    for (String raw : new String(requirements, StandardCharsets.UTF_8).split("\n")) {
      String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')).strip() : raw.strip();
      int pin = line.indexOf("==");
      if (pin <= 0) {
        continue;
      }
      String wanted = normalize(line.substring(0, pin).strip() + "-" + line.substring(pin + 2).strip());
      if (!installed.contains(wanted)) {
        missing.add(line);
      }
    }
    return missing;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FunctionCode code
        && directory.equals(code.directory) && sha256ByFile.equals(code.sha256ByFile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(directory, sha256ByFile);
  }

  @Override
  public String toString() {
    return "FunctionCode[directory=" + directory + ", files=" + sha256ByFile.size() + "]";
  }

  /** Package names compare as pip writes them: case-insensitive, with runs of {@code -_.} as one {@code _}. */
  private static String normalize(String nameAndVersion) {
    int dash = nameAndVersion.lastIndexOf('-');
    if (dash <= 0) {
      return nameAndVersion.toLowerCase(Locale.ROOT);
    }
    String name = nameAndVersion.substring(0, dash).toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "_");
    return name + "-" + nameAndVersion.substring(dash + 1);
  }

  private static boolean isRelativePath(String path) {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      return false;
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
