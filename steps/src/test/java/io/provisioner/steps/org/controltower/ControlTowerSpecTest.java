package io.provisioner.steps.org.controltower;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioner.steps.org.controltower.ControlTowerSpec.Control;
import io.provisioner.steps.spec.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlTowerSpecTest {
  @Test
  void spec_rejectsDuplicateControlsBadIdentifiersAndMissingOus() {
    assertThatThrownBy(() -> new ControlTowerSpec(List.of(new Control("AWS-GR_X", List.of("Production")),
        new Control("AWS-GR_X", List.of("Development")))))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("controls[1].identifier");
    assertThatThrownBy(() -> new Control("not a control", List.of("Production")))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("identifier");
    assertThatThrownBy(() -> new Control("AWS-GR_X", List.of()))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("ous");
  }
}
