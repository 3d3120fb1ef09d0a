package io.provisioner.steps.data.secrets;

import io.provisioner.steps.RoleRef;
import io.provisioner.steps.support.FunctionCode;
import io.provisioner.steps.spec.SpecCheck;

/**
 * The Lambda function that rotates the database password: {@code <project>-<env>-<name>} in the
 * app subnets with security group {@code sg.ecs} (egress to the database port and HTTPS), handler
 * {@code lambda_function.lambda_handler}.
 *
 * @param name logical name, e.g. {@code db-credentials-rotation}; lowercase letters, digits, -
 * @param runtime a Python runtime, e.g. {@code python3.12}
 * @param timeoutSeconds how long one rotation step may run (3-900)
 * @param memoryMb memory of the function (128-10240)
 * @param role logical role of {@code security.iam} the function runs as, e.g. {@code secret-rotation}
 *     (its policy: {@code src/policies/iam/secret-rotation.json})
 * @param subnetTier the tier of {@code network.vpc} whose subnets (one per AZ) the function runs in,
 *     e.g. {@code app}
 * @param code the sources, from {@code src/functions/<directory>}; must hold {@code lambda_function.py}
 */
public record RotationFunctionSpec(
    String name,
    String runtime,
    int timeoutSeconds,
    int memoryMb,
    RoleRef role,
    String subnetTier,
    FunctionCode code) {

  static final String LOGICAL_NAME = "[a-z0-9][a-z0-9-]{0,39}";
  static final String HANDLER_FILE = "lambda_function.py";
  static final String HANDLER = "lambda_function.lambda_handler";

  public RotationFunctionSpec {
    SpecCheck.of()
        .require(name != null && name.matches(LOGICAL_NAME), "name",
            "must be 1-40 lowercase letters, digits or -, starting with a letter or digit")
        .require(runtime != null && runtime.matches("python3\\.[0-9]{1,2}"), "runtime",
            "must be a Python runtime like python3.12 (the rotation function is Python)")
        .range(timeoutSeconds, 3, 900, "timeoutSeconds")
        .range(memoryMb, 128, 10240, "memoryMb")
        .notNull(role, "role")
        .require(subnetTier != null && subnetTier.matches("[a-z]+"), "subnetTier",
            "must be a subnet tier of network.vpc, e.g. app")
        .notNull(code, "code")
        .require(code == null || code.contains(HANDLER_FILE), "code",
            "the function folder must hold " + HANDLER_FILE + " (the handler is " + HANDLER + ")")
        .done();
  }
}
