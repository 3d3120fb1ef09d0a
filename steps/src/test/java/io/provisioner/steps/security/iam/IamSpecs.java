package io.provisioner.steps.security.iam;

import io.provisioner.steps.support.PolicyDocument;
import io.provisioner.steps.spec.PolicySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** The spec the profile builds, read from the real files under {@code src/policies/}. */
final class IamSpecs {
  /** The policies folder, seen from the {@code steps} module (the tests' working directory). */
  static final Path POLICIES = Path.of("..", "src", "policies");

  private IamSpecs() {}

  static PolicySource source() {
    return relative -> {
      try {
        return Files.readString(POLICIES.resolve(relative));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read policy " + relative, e);
      }
    };
  }

  static PolicyDocument policy(String name, String file) {
    return new PolicyDocument(name, file, source().read(file));
  }

  private static String managed(String name) {
    return "arn:${partition}:iam::aws:policy/" + name;
  }

  static IamSpec production() {
    return new IamSpec("/provisioner/", List.of(
        new IamSpec.Role("ecs-task-execution", "ECS agent: pulls images, writes logs, reads task secrets",
            List.of("ecs-tasks.amazonaws.com"),
            List.of(managed("service-role/AmazonECSTaskExecutionRolePolicy")),
            List.of(policy("ecs-task-execution", "iam/ecs-task-execution.json"))),
        new IamSpec.Role("ecs-task", "Application containers on ECS",
            List.of("ecs-tasks.amazonaws.com"), List.of(),
            List.of(policy("ecs-task", "iam/ecs-task.json"))),
        new IamSpec.Role("lambda-execution", "Lambda functions of the environment",
            List.of("lambda.amazonaws.com"),
            List.of(managed("service-role/AWSLambdaBasicExecutionRole"),
                managed("service-role/AWSLambdaVPCAccessExecutionRole")),
            List.of(policy("lambda-execution", "iam/lambda-execution.json"))),
        new IamSpec.Role("rds-monitoring", "RDS enhanced monitoring",
            List.of("monitoring.rds.amazonaws.com"),
            List.of(managed("service-role/AmazonRDSEnhancedMonitoringRole")), List.of()),
        new IamSpec.Role("backup", "AWS Backup jobs and restores",
            List.of("backup.amazonaws.com"),
            List.of(managed("service-role/AWSBackupServiceRolePolicyForBackup"),
                managed("service-role/AWSBackupServiceRolePolicyForRestores")), List.of()),
        new IamSpec.Role("flow-logs", "VPC flow logs to CloudWatch Logs",
            List.of("vpc-flow-logs.amazonaws.com"), List.of(),
            List.of(policy("flow-logs", "iam/flow-logs.json"))),
        new IamSpec.Role("config", "AWS Config recorder and delivery channel",
            List.of("config.amazonaws.com"),
            List.of(managed("service-role/AWS_ConfigRole")),
            List.of(policy("config", "iam/config.json"))),
        new IamSpec.Role("s3-replication", "S3 cross-region replication",
            List.of("s3.amazonaws.com"), List.of(),
            List.of(policy("s3-replication", "iam/s3-replication.json"))),
        new IamSpec.Role("app-server", "EC2 application servers",
            List.of("ec2.amazonaws.com"),
            List.of(managed("AmazonSSMManagedInstanceCore")),
            List.of(policy("s3-access", "iam/app-server.json")))),
        new IamSpec.InstanceProfile("app-server", "app-server"),
        new IamSpec.Mfa("humans", policy("require-mfa", "iam/require-mfa.json")));
  }

  /**
   * The production spec when the emulator knows AWS managed policies; else the same spec without
   * them. moto 5 loads AWS managed policies only when started with {@code
   * MOTO_IAM_LOAD_MANAGED_POLICIES=true}; without them no managed policy could be attached at all.
   */
  static IamSpec forEmulator(IamClient iam) {
    try {
      iam.getPolicy(r -> r.policyArn("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"));
      return production();
    } catch (NoSuchEntityException e) {
      throw new AssertionError("the emulator has no AWS managed policies; moto must run with "
          + "MOTO_IAM_LOAD_MANAGED_POLICIES=true (localstack/ starts it so)", e);
    }
  }

  static IamSpec withoutManagedPolicies(IamSpec spec) {
    return new IamSpec(spec.path(),
        spec.roles().stream().map(r -> new IamSpec.Role(r.name(), r.description(), r.trustedServices(), List.of(),
            r.inlinePolicies())).toList(),
        spec.instanceProfile(), spec.mfa());
  }
}
