package io.provisioner.steps.data.secrets;

import io.provisioner.steps.spec.SpecCheck;

/**
 * Automatic rotation of the database password by a Lambda function (seed 000: rotation of the RDS
 * passwords).
 *
 * @param days days between rotations (1-365; the seed's profile: 30). The first rotation happens
 *     after this interval, not when rotation is turned on, see {@link SecretsStep}
 * @param function the rotation function
 */
public record RotationSpec(int days, RotationFunctionSpec function) {
  public RotationSpec {
    SpecCheck.of()
        .range(days, 1, 365, "days")
        .notNull(function, "function")
        .done();
  }
}
