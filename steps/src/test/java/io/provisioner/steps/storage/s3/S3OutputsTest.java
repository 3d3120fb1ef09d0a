package io.provisioner.steps.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.StepException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What storage.s3 publishes, as the steps that read it see it. */
class S3OutputsTest {
  private static final S3Outputs OUTPUTS = new S3Outputs(new S3Outputs.Bucket("logs", "arn:aws:s3:::logs"),
      Map.of("backups", new S3Outputs.Bucket("data", "arn:aws:s3:::data")));

  @Test
  void bucket_bySuffix_givesNameAndArn() {
    assertThat(OUTPUTS.bucket("backups")).isEqualTo(new S3Outputs.Bucket("data", "arn:aws:s3:::data"));
  }

  @Test
  void bucket_ofASuffixNotPublished_namesTheOnesThereAre() {
    assertThatThrownBy(() -> OUTPUTS.bucket("static-assets"))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("no bucket static-assets; it has [backups]");
  }

  @Test
  void definition_declaresTheOutputs() {
    assertThat(new S3Definition().outputs()).isEqualTo(Optional.of(S3Step.OUTPUTS));
  }
}
