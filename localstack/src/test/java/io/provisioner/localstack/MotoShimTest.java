package io.provisioner.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotoShimTest {
  @TempDir
  Path dir;

  private Path executable(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void interpreterComesFromTheShebang() throws IOException {
    Path python = executable("python", "#!/bin/sh\n");
    Path script = executable("moto_server", "#!" + python + "\n# -*- coding: utf-8 -*-\nimport sys\n");

    assertThat(MotoShim.interpreter(script)).contains(python);
  }

  @Test
  void noShebangOrAMissingInterpreterMeansNoInterpreter() throws IOException {
    assertThat(MotoShim.interpreter(executable("a", "echo hi\n"))).isEmpty();
    assertThat(MotoShim.interpreter(executable("b", "#!" + dir.resolve("nope") + "\n"))).isEmpty();
  }

  @Test
  void theShimIsExtractedFromTheClasspathUnderAContentName() throws IOException {
    Path shim = MotoShim.shimFile(dir).orElseThrow();

    assertThat(shim.getParent()).isEqualTo(dir.resolve("moto-shim"));
    assertThat(shim.getFileName().toString()).matches("provisioner_moto-[0-9a-f]{16}\\.py");
    assertThat(Files.readString(shim)).contains("def patch_s3_bucket_policy_conditions");
    assertThat(MotoShim.shimFile(dir)).contains(shim);
  }

  @Test
  void launchRunsTheShimWithMotoServersPython() throws IOException {
    Path python = executable("python", "#!/bin/sh\n");
    Path moto = executable("moto_server", "#!" + python + "\n");

    MotoShim.Launch launch = MotoShim.launch(List.of(moto.toString()), dir);

    assertThat(launch.shimmed()).isTrue();
    assertThat(launch.command()).hasSize(2);
    assertThat(launch.command().get(0)).isEqualTo(python.toString());
    assertThat(launch.command().get(1)).endsWith(".py");
  }

  @Test
  void withoutAnInterpreterPlainMotoRunsAndSaysWhy() throws IOException {
    Path moto = executable("moto_server", "#!" + dir.resolve("gone") + "\n");

    MotoShim.Launch launch = MotoShim.launch(List.of(moto.toString()), dir);

    assertThat(launch.shimmed()).isFalse();
    assertThat(launch.command()).containsExactly(moto.toString());
    assertThat(launch.whyNot()).contains("shebang");
  }
}
