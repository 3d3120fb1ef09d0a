package io.provisioner.steps.data.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.provisioner.steps.spec.InvalidSpecException;
import org.junit.jupiter.api.Test;

class BackupSelectionSpecTest {

  @Test
  void new_withTheSeedTag_keepsIt() {
    BackupSelectionSpec spec = new BackupSelectionSpec("backup", "true");

    assertThat(spec.tagKey()).isEqualTo("backup");
    assertThat(spec.tagValue()).isEqualTo("true");
  }

  @Test
  void new_withReservedOrBlankKeyAndBlankValue_reportsBoth() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
        () -> new BackupSelectionSpec("aws:backup", " "));

    assertThat(e.problems()).extracting(InvalidSpecException.Problem::field)
        .containsExactlyInAnyOrder("tagKey", "tagValue");
    assertThat(e.getMessage()).contains("aws:");
  }

  @Test
  void new_withMissingOrOverlongValues_isRejected() {
    assertThat(catchThrowableOfType(InvalidSpecException.class, () -> new BackupSelectionSpec(null, null)).problems())
        .hasSize(2);
    assertThat(catchThrowableOfType(InvalidSpecException.class,
        () -> new BackupSelectionSpec("k".repeat(129), "v".repeat(257))).problems()).hasSize(2);
  }
}
