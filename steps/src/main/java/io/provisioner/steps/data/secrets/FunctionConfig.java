package io.provisioner.steps.data.secrets;

import io.provisioner.steps.support.FunctionCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * The rotation function as the spec and the upstream outputs describe it, and how a live
 * configuration differs from it, in two parts that are updated apart: the function's own settings
 * and its VPC placement.
 */
record FunctionConfig(
    String runtime,
    String roleArn,
    int timeoutSeconds,
    int memoryMb,
    List<String> subnetIds,
    List<String> securityGroupIds,
    Map<String, String> environment,
    String description,
    FunctionCode code) {

  static final String ENDPOINT_VARIABLE = "SECRETS_MANAGER_ENDPOINT";
  static final String PASSWORD_LENGTH_VARIABLE = "PASSWORD_LENGTH";

  FunctionConfig {
    subnetIds = List.copyOf(new TreeSet<>(subnetIds));
    securityGroupIds = List.copyOf(new TreeSet<>(securityGroupIds));
    environment = Map.copyOf(environment);
  }

  /** The function's environment: the Secrets Manager endpoint of its region and the password length. */
  static Map<String, String> environment(String region, int passwordLength) {
    PartitionMetadata partition = PartitionMetadata.of(Region.of(region));
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(ENDPOINT_VARIABLE, "https://secretsmanager." + region + "."
        + (partition == null ? "amazonaws.com" : partition.dnsSuffix()));
    variables.put(PASSWORD_LENGTH_VARIABLE, Integer.toString(passwordLength));
    return variables;
  }

  /** How the live settings (all but the VPC placement) differ, in words. */
  List<String> settingDifferences(FunctionConfiguration live) {
    List<String> differences = new ArrayList<>();
    compare(differences, "runtime", live.runtimeAsString(), runtime);
    compare(differences, "handler", live.handler(), RotationFunctionSpec.HANDLER);
    compare(differences, "role", live.role(), roleArn);
    compare(differences, "timeout", live.timeout(), timeoutSeconds);
    compare(differences, "memory", live.memorySize(), memoryMb);
    compare(differences, "description", live.description(), description);
    Map<String, String> variables = live.environment() == null || live.environment().variables() == null
        ? Map.of() : live.environment().variables();
    compare(differences, "environment", new TreeMap<>(variables), new TreeMap<>(environment));
    return differences;
  }

  /** How the live VPC placement differs, in words. */
  List<String> vpcDifferences(FunctionConfiguration live) {
    List<String> differences = new ArrayList<>();
    boolean inVpc = live.vpcConfig() != null;
    compare(differences, "subnets", inVpc ? List.copyOf(new TreeSet<>(live.vpcConfig().subnetIds())) : List.of(),
        subnetIds);
    compare(differences, "security groups",
        inVpc ? List.copyOf(new TreeSet<>(live.vpcConfig().securityGroupIds())) : List.of(), securityGroupIds);
    return differences;
  }

  private static void compare(List<String> differences, String what, Object actual, Object expected) {
    if (!Objects.equals(actual, expected)) {
      differences.add(what + " is " + actual + ", expected " + expected);
    }
  }
}
