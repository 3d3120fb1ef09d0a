package io.provisioner.state.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunArchiveTest {

  @Test
  void bucketName_isTableRunsAccountRegion() {
    assertThat(RunArchive.bucketName("provisioner-state", "123456789012", "us-east-1"))
        .isEqualTo("provisioner-state-runs-123456789012-us-east-1");
  }

  @Test
  void bucketName_turnsCharactersS3RejectsIntoHyphensAndFits63() {
    String name = RunArchive.bucketName("My_State.Table-with-a-very-long-name-indeed-and-more", "123456789012",
        "ap-southeast-2");
    assertThat(name).hasSizeLessThanOrEqualTo(63).startsWith("my-state-table-").endsWith("-runs-123456789012-ap-southeast-2")
        .matches("[a-z0-9][a-z0-9-]*[a-z0-9]");
  }
}
