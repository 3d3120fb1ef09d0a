package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Reconciler;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.security.iam.IamStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.CreateFlowLogsResponse;
import software.amazon.awssdk.services.ec2.model.FlowLog;
import software.amazon.awssdk.services.ec2.model.FlowLogsResourceType;
import software.amazon.awssdk.services.ec2.model.LogDestinationType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;

/**
 * The VPC's flow log (seed 004: "critical for security", checkpoint {@code flowLogId}) to the log
 * group, delivered with the role of {@code security.iam} that {@code flowLogs.roleName} names.
 * Traffic type, log group and role are fixed at creation; when they differ, converge replaces the
 * flow log without a gap in the audit trail: {@link #outdated} forgets the recorded one, the loop
 * creates the new one (the lookup of converge finds only one with the spec's settings), and the
 * old one is deleted after.
 */
final class FlowLogResource extends Ec2Resource<FlowLog> {
  private static final ErrorCodes ERRORS =
      ErrorCodes.notFound("InvalidFlowLogId.NotFound").notYetVisible("InvalidVpcID.NotFound");

  private final String vpcId;
  private final String logGroup;
  private String roleArn;

  FlowLogResource(Network net, String vpcId, String logGroup) {
    super(net, "flowLogId", "flowLog", "flow-logs", "flow log of VPC " + vpcId, ERRORS, new Api<>(
        id -> net.ec2.describeFlowLogs(b -> b.flowLogIds(id)).flowLogs(),
        filters -> net.ec2.describeFlowLogsPaginator(b -> b.filter(filters)).flowLogs().stream().toList(),
        FlowLog::tags, FlowLog::flowLogId), Network.filter("resource-id", vpcId));
    this.vpcId = vpcId;
    this.logGroup = logGroup;
  }

  /** The recorded flow log when its fixed settings differ from the spec's; its id is forgotten. */
  Optional<FlowLog> outdated() {
    try {
      Optional<FlowLog> old = net.ctx.checkpoints().get(key()).flatMap(this::read).filter(f -> !matches(f));
      old.ifPresent(f -> net.ctx.checkpoints().remove(key()));
      return old;
    } catch (SdkException e) {
      throw new StepException("read " + description() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<FlowLog> lookup() {
    return tagged().filter(f -> net.mode != Reconciler.Mode.CONVERGE || matches(f)).findFirst();
  }

  private boolean matches(FlowLog flowLog) {
    return fixed().stream().allMatch(s -> s.differences(flowLog).isEmpty());
  }

  @Override
  public FlowLog create() {
    String traffic = net.spec.flowLogs().trafficType().name();
    CreateFlowLogsResponse response = ec2.createFlowLogs(b -> b.resourceIds(vpcId)
        .resourceType(FlowLogsResourceType.VPC).trafficType(traffic)
        .logDestinationType(LogDestinationType.CLOUD_WATCH_LOGS).logGroupName(logGroup)
        .deliverLogsPermissionArn(roleArn()).clientToken(clientToken(vpcId, traffic, logGroup, roleArn()))
        .tagSpecifications(tagSpec(ResourceType.VPC_FLOW_LOG)));
    if (!response.unsuccessful().isEmpty() || response.flowLogIds().isEmpty()) {
      throw new StepException("creating the " + description() + " to " + logGroup + " failed: "
          + response.unsuccessful().stream().map(FlowLogResource::error).toList());
    }
    return created(FlowLog.builder().flowLogId(response.flowLogIds().get(0)).resourceId(vpcId).trafficType(traffic)
        .logDestinationType(LogDestinationType.CLOUD_WATCH_LOGS).logGroupName(logGroup)
        .deliverLogsPermissionArn(roleArn()).tags(expectedTags()).build());
  }

  @Override
  public List<Setting<FlowLog>> settings() {
    List<Setting<FlowLog>> settings = new ArrayList<>(fixed());
    settings.add(tags());
    return settings;
  }

  private List<Setting<FlowLog>> fixed() {
    String replace = "run 'up': it replaces the flow log";
    return List.of(
        Setting.fixed("traffic type", FlowLog::trafficTypeAsString, net.spec.flowLogs().trafficType().name(), replace),
        Setting.fixed("log group", FlowLog::logGroupName, logGroup, replace),
        Setting.fixed("delivery role", FlowLog::deliverLogsPermissionArn, roleArn(), replace));
  }

  /** DeleteFlowLogs reports a failure per id in its answer. */
  @Override
  public void delete(FlowLog flowLog) {
    ec2.deleteFlowLogs(b -> b.flowLogIds(flowLog.flowLogId())).unsuccessful().stream()
        .filter(u -> !"InvalidFlowLogId.NotFound".equals(u.error().code())).findFirst().ifPresent(u -> {
          throw new StepException("deleting " + description() + " (" + flowLog.flowLogId() + ") failed: " + error(u));
        });
  }

  /** The delivery role's ARN as {@code security.iam} published it. */
  private String roleArn() {
    if (roleArn == null) {
      roleArn = net.ctx.read(IamStep.OUTPUTS).roleArn(net.spec.flowLogs().roleName().name());
    }
    return roleArn;
  }

  private static String error(UnsuccessfulItem item) {
    return item.error().code() + ": " + item.error().message();
  }
}
