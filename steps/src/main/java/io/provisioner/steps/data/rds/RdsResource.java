package io.provisioner.steps.data.rds;

import io.provisioner.steps.StepContext;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * What every RDS resource of the step has: its logical key, the checkpoint its id is recorded under
 * (the name environments built before already use), what it is for messages, and its fault codes.
 */
abstract class RdsResource<L> implements Resource<L> {
  final StepContext ctx;
  final RdsClient rds;
  private final String key;
  private final String idKey;
  private final String description;
  private final ErrorCodes errors;

  RdsResource(StepContext ctx, RdsClient rds, String key, String idKey, String description, ErrorCodes errors) {
    this.ctx = ctx;
    this.rds = rds;
    this.key = key;
    this.idKey = idKey;
    this.description = description;
    this.errors = errors;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String idKey() {
    return idKey;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public ErrorCodes errors() {
    return errors;
  }
}
