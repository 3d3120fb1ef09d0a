package io.provisioner.steps.storage.ecr;

/**
 * What {@code storage.ecr} publishes: the environment's image repository.
 *
 * @param repositoryName {@code <project>/<env>}
 * @param repositoryArn its ARN, for IAM policies
 * @param repositoryUri what {@code docker push} and task definitions use, {@code
 *     <account>.dkr.ecr.<region>.amazonaws.com/<project>/<env>}
 */
public record EcrOutputs(String repositoryName, String repositoryArn, String repositoryUri) {}
