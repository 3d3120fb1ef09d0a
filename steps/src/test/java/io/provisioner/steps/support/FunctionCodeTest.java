package io.provisioner.steps.support;

import io.provisioner.steps.spec.FunctionSource;
import io.provisioner.steps.spec.InvalidSpecException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionCodeTest {

  private static final byte[] HANDLER = "def lambda_handler(event, context):\n    return None\n"
      .getBytes(StandardCharsets.UTF_8);
  private static final byte[] REQUIREMENTS = "# pinned\npg8000==1.31.5\nscramp==1.4.17  # driver's SCRAM\n"
      .getBytes(StandardCharsets.UTF_8);

  private static Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("requirements.txt", REQUIREMENTS);
    files.put("lambda_function.py", HANDLER);
    files.put("pkg/module.py", "X = 1\n".getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** The spec hasher's settings, so the JSON here is the JSON whose hash is kept in state. */
  private static final ObjectMapper HASHER_JSON = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  @Test
  void zip_ofTheSameFiles_isByteForByteTheSame_whateverTheirOrder() {
    java.util.List<String> paths = new java.util.ArrayList<>(files().keySet());
    java.util.Collections.reverse(paths);
    Map<String, byte[]> reversed = new LinkedHashMap<>();
    paths.forEach(k -> reversed.put(k, files().get(k).clone()));

    byte[] first = FunctionCode.of("f", files()).zip();
    byte[] second = FunctionCode.of("f", reversed).zip();

    assertThat(second).isEqualTo(first);
    assertThat(FunctionCode.of("f", reversed).codeSha256()).isEqualTo(FunctionCode.of("f", files()).codeSha256());
  }

  @Test
  void zip_holdsEveryFileInPathOrder_withItsContent() throws IOException {
    Map<String, byte[]> read = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(FunctionCode.of("f", files()).zip()))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        read.put(entry.getName(), zip.readAllBytes());
        assertThat(entry.getTimeLocal()).isEqualTo(java.time.LocalDateTime.of(1980, 1, 1, 0, 0));
      }
    }

    assertThat(read.keySet()).containsExactly("lambda_function.py", "pkg/module.py", "requirements.txt");
    assertThat(read.get("lambda_function.py")).isEqualTo(HANDLER);
  }

  @Test
  void codeSha256_isBase64OfTheZipsSha256_andChangesWithAnyByte() throws Exception {
    FunctionCode code = FunctionCode.of("f", files());
    String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(code.zip()));
    Map<String, byte[]> changed = files();
    changed.put("pkg/module.py", "X = 2\n".getBytes(StandardCharsets.UTF_8));

    assertThat(code.codeSha256()).isEqualTo(expected);
    assertThat(FunctionCode.of("f", changed).codeSha256()).isNotEqualTo(expected);
  }

  @Test
  void json_holdsTheFolderAndTheFilesHashes_butNeverTheirBytes() throws Exception {
    FunctionCode code = FunctionCode.of("db-credentials-rotation", files());

    String json = HASHER_JSON.writeValueAsString(code);
    JsonNode tree = HASHER_JSON.readTree(json);

    assertThat(tree.fieldNames()).toIterable().containsExactly("directory", "sha256ByFile");
    assertThat(tree.path("directory").asText()).isEqualTo("db-credentials-rotation");
    assertThat(tree.path("sha256ByFile").path("lambda_function.py").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(HANDLER)));
    assertThat(json).doesNotContain("lambda_handler")
        .doesNotContain(Base64.getEncoder().encodeToString(HANDLER).substring(0, 20));
  }

  @Test
  void equalsAndToString_dependOnHashesOnly_andNameNoContent() {
    FunctionCode a = FunctionCode.of("f", files());
    FunctionCode b = FunctionCode.of("f", new TreeMap<>(files()));

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(FunctionCode.of("g", files()));
    assertThat(a.toString()).isEqualTo("FunctionCode[directory=f, files=3]");
  }

  @Test
  void new_withoutFilesOrWithBadPaths_isRejected() {
    assertThatThrownBy(() -> FunctionCode.of("f", Map.of())).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("no files were read from function folder f");
    assertThatThrownBy(() -> FunctionCode.of("f", Map.of("../x.py", HANDLER))).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("relative path");
    assertThatThrownBy(() -> new FunctionCode("f", Map.of("lambda_function.py", "0".repeat(64)),
        Map.of("lambda_function.py", HANDLER))).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("sha256ByFile");
  }

  @Test
  void fromProfile_readsTheFolderThroughTheInjectedSource() throws Exception {
    ObjectMapper yaml = new ObjectMapper();
    InjectableValues injectables = new InjectableValues.Std()
        .addValue(FunctionSource.class, (FunctionSource) name -> name.equals("rot") ? files() : Map.of());

    FunctionCode code = yaml.readerFor(FunctionCode.class).with(injectables).readValue("{\"directory\": \"rot\"}");

    assertThat(code.directory()).isEqualTo("rot");
    assertThat(code.contents()).containsOnlyKeys("lambda_function.py", "pkg/module.py", "requirements.txt");
  }

  @Test
  void fromProfile_withoutASource_isAnInvalidSpec() {
    assertThatThrownBy(() -> FunctionCode.fromDirectory("rot", null))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("directory");
  }

  @Test
  void missingRequirements_listsPinsWithoutTheirDistInfo() {
    Map<String, byte[]> installed = files();
    installed.put("pg8000-1.31.5.dist-info/METADATA", new byte[] {1});
    installed.put("Scramp-1.4.16.dist-info/METADATA", new byte[] {1});

    assertThat(FunctionCode.of("f", files()).missingRequirements()).containsExactly("pg8000==1.31.5", "scramp==1.4.17");
    assertThat(FunctionCode.of("f", installed).missingRequirements()).containsExactly("scramp==1.4.17");
    installed.put("scramp-1.4.17.dist-info/RECORD", new byte[] {1});
    assertThat(FunctionCode.of("f", installed).missingRequirements()).isEmpty();
    assertThat(FunctionCode.of("f", Map.of("lambda_function.py", HANDLER)).missingRequirements()).isEmpty();
  }

  @Test
  void directorySource_readsEverySourceFile_andSkipsHiddenAndCompiledOnes(@TempDir Path root) throws IOException {
    Path folder = Files.createDirectories(root.resolve("rot"));
    Files.write(folder.resolve("lambda_function.py"), HANDLER);
    Files.createDirectories(folder.resolve("pkg/__pycache__"));
    Files.write(folder.resolve("pkg/module.py"), new byte[] {1});
    Files.write(folder.resolve("pkg/__pycache__/module.cpython-312.pyc"), new byte[] {2});
    Files.write(folder.resolve("stale.pyc"), new byte[] {3});
    Files.write(folder.resolve(".gitignore"), new byte[] {4});
    Files.createDirectories(folder.resolve(".git"));
    Files.write(folder.resolve(".git/HEAD"), new byte[] {5});

    Map<String, byte[]> read = FunctionSource.directory(root).read("rot");

    assertThat(read.keySet()).containsExactly("lambda_function.py", "pkg/module.py");
  }

  @Test
  void directorySource_whenTheFolderIsMissingEmptyOrOutside_namesIt(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("empty"));
    Files.write(root.resolve("empty/.gitignore"), new byte[] {1});
    FunctionSource source = FunctionSource.directory(root);

    assertThatThrownBy(() -> source.read("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope").hasMessageContaining("does not exist");
    assertThatThrownBy(() -> source.read("empty")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty").hasMessageContaining("has no files");
    assertThatThrownBy(() -> source.read("../elsewhere")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("points outside");
    assertThatThrownBy(() -> source.read(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
