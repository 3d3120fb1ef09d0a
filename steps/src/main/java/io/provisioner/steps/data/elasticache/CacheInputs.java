package io.provisioner.steps.data.elasticache;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.StepException;
import io.provisioner.steps.network.securitygroups.SecurityGroupsStep;
import io.provisioner.steps.network.vpc.VpcStep;
import io.provisioner.steps.security.kms.KmsStep;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the cache takes from the steps before it: the KMS key ({@code security.kms keyArn}), the
 * data subnets by AZ ({@code network.vpc subnet.data.<az>}) and the Redis security group ({@code
 * network.security-groups sg.redis}); and, only when a group is created, the ARN of the secret
 * holding the AUTH token ({@code data.secrets secret.cache-auth-token.arn}, see {@link
 * #authTokenSecretArn}).
 */
record CacheInputs(String keyArn, SortedMap<String, String> dataSubnets, String securityGroupId) {

  static final String SECRETS_STEP = "data.secrets";
  static final String AUTH_TOKEN_SECRET_OUTPUT = "secret.cache-auth-token.arn";
  static final String KEY_ARN_OUTPUT = "keyArn";
  static final String REDIS_GROUP_OUTPUT = "sg.redis";
  static final String DATA_SUBNET_PREFIX = "subnet.data.";

  CacheInputs {
    Objects.requireNonNull(keyArn, "keyArn");
    dataSubnets = new TreeMap<>(dataSubnets);
    Objects.requireNonNull(securityGroupId, "securityGroupId");
  }

  /** Reads the inputs; a missing output is a {@link StepException} naming the step and key. */
  static CacheInputs of(StepContext ctx) {
    SortedMap<String, String> subnets = VpcStep.subnetsByAz(ctx.outputsOf(VpcStep.ID), "data");
    if (subnets.isEmpty()) {
      throw new StepException("step " + VpcStep.ID + " recorded no data subnets (" + DATA_SUBNET_PREFIX
          + "<az>); run 'up' so " + VpcStep.ID + " completes with a data tier");
    }
    return new CacheInputs(
        ctx.outputsOf(KmsStep.ID).require(KEY_ARN_OUTPUT),
        subnets,
        ctx.outputsOf(SecurityGroupsStep.ID).require(REDIS_GROUP_OUTPUT));
  }

  /** The ARN of the AUTH token's secret; read only to create a group, so verify and rollback never need it. */
  static String authTokenSecretArn(StepContext ctx) {
    return ctx.outputsOf(SECRETS_STEP).require(AUTH_TOKEN_SECRET_OUTPUT);
  }

  /** The data subnets of the given AZs, in their order; a {@link StepException} when one has none. */
  List<String> subnetsOf(List<String> azs) {
    List<String> missing = azs.stream().filter(az -> !dataSubnets.containsKey(az)).toList();
    if (!missing.isEmpty()) {
      throw new StepException("availabilityZones " + missing + " of data.elasticache have no data subnet in "
          + VpcStep.ID + " (it has " + dataSubnets.keySet() + "); choose AZs of the VPC in the profile");
    }
    return azs.stream().map(dataSubnets::get).toList();
  }
}
