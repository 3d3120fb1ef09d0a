package io.provisioner.steps.network.vpc;

import io.provisioner.steps.StepException;
import io.provisioner.steps.aws.AwsErrors;
import io.provisioner.steps.support.ClientTokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ec2.model.CreateFlowLogsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.FlowLog;
import software.amazon.awssdk.services.ec2.model.FlowLogsResourceType;
import software.amazon.awssdk.services.ec2.model.LogDestinationType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * VPC flow logs (seed 004: "critical for security") to the CloudWatch log group {@code
 * /<project>/<env>/vpc-flow-logs} with the spec's retention, delivered with the role of step
 * {@code security.iam} named by {@code flowLogs.roleName}. A flow log cannot be modified: when its
 * traffic type, group or role differ, a new one is created first and the old one deleted after, so
 * the audit trail has no gap.
 */
final class FlowLogs {
  static final String KEY = "flowLog";
  static final String CHECKPOINT = "flowLogId";
  static final String LOG_GROUP = "logGroup";

  private static final Logger LOG = LoggerFactory.getLogger(FlowLogs.class);

  private final VpcContext vc;

  FlowLogs(VpcContext vc) {
    this.vc = vc;
  }

  String logGroupName() {
    return "/" + vc.step().project() + "/" + vc.step().env() + "/vpc-flow-logs";
  }

  /** The ARN of the delivery role, as step {@code security.iam} recorded it. */
  String roleArn() {
    return vc.step().outputsOf("security.iam").require("role." + vc.spec().flowLogs().roleName() + ".arn");
  }

  void converge(String vpcId, List<String> changes) {
    String roleArn = roleArn();
    convergeLogGroup(changes);
    List<FlowLog> ours = ours(vpcId);
    Optional<FlowLog> matching = ours.stream().filter(f -> matches(f, roleArn)).findFirst();
    FlowLog flowLog = matching.orElse(null);
    if (flowLog == null) {
      String id = create(vpcId, roleArn);
      changes.add("created flow log " + id);
      vc.remember(CHECKPOINT, id);
      for (FlowLog old : ours) {
        delete(old.flowLogId());
        changes.add("deleted flow log " + old.flowLogId() + " whose settings differed");
      }
    } else {
      vc.remember(CHECKPOINT, flowLog.flowLogId());
      vc.convergeTags(flowLog.flowLogId(), flowLog.tags(), KEY, "flow-logs", changes);
    }
  }

  private void convergeLogGroup(List<String> changes) {
    String name = logGroupName();
    int retention = vc.spec().flowLogs().retentionDays();
    LogGroup group = logGroup().orElse(null);
    if (group == null) {
      try {
        vc.logs().createLogGroup(b -> b.logGroupName(name).tags(vc.tags(LOG_GROUP, "vpc-flow-logs")));
        changes.add("created log group " + name);
        LOG.info("created log group [step={}] [logGroup={}]", VpcStep.ID, name);
      } catch (CloudWatchLogsException e) {
        if (!AwsErrors.isAlreadyExists(e)) {
          throw e;
        }
      }
      group = logGroup().orElseThrow(() -> new StepException("log group " + name + " is not visible after creation"));
    }
    vc.remember(LOG_GROUP, name);
    if (!Objects.equals(group.retentionInDays(), retention)) {
      vc.mutate("set the retention of " + name,
          () -> vc.logs().putRetentionPolicy(b -> b.logGroupName(name).retentionInDays(retention)));
      changes.add("set retention of " + name + " to " + retention + " days");
    }
    String arn = arnOf(group);
    Map<String, String> have = vc.logs().listTagsForResource(b -> b.resourceArn(arn)).tags();
    Map<String, String> missing = new LinkedHashMap<>();
    vc.tags(LOG_GROUP, "vpc-flow-logs").forEach((k, v) -> {
      if (!v.equals(have.get(k))) {
        missing.put(k, v);
      }
    });
    if (!missing.isEmpty()) {
      vc.mutate("tag " + name, () -> vc.logs().tagResource(b -> b.resourceArn(arn).tags(missing)));
      changes.add("tagged " + name + " with " + missing.keySet());
    }
  }

  private String create(String vpcId, String roleArn) {
    var flowLogs = vc.spec().flowLogs();
    String group = logGroupName();
    vc.intend(CHECKPOINT, "CreateFlowLogs for " + vpcId + " to " + group);
    String token = ClientTokens.of(vc.step().env(), VpcStep.ID,
        KEY + "|" + vpcId + "|" + flowLogs.trafficType() + "|" + group + "|" + roleArn);
    CreateFlowLogsResponse response = vc.mutate("create the flow log of " + vpcId, () -> vc.ec2().createFlowLogs(b -> b
        .resourceIds(vpcId).resourceType(FlowLogsResourceType.VPC)
        .trafficType(flowLogs.trafficType().name())
        .logDestinationType(LogDestinationType.CLOUD_WATCH_LOGS).logGroupName(group)
        .deliverLogsPermissionArn(roleArn)
        .clientToken(token)
        .tagSpecifications(vc.tagSpec(ResourceType.VPC_FLOW_LOG, KEY, "flow-logs"))));
    if (!response.unsuccessful().isEmpty() || response.flowLogIds().isEmpty()) {
      throw new StepException("creating the flow log of " + vpcId + " to " + group + " failed: "
          + response.unsuccessful().stream().map(u -> u.error().code() + ": " + u.error().message()).toList());
    }
    String id = response.flowLogIds().get(0);
    vc.remember(CHECKPOINT, id);
    LOG.info("created flow log [step={}] [flowLogId={}] [logGroup={}]", VpcStep.ID, id, group);
    return id;
  }

  private boolean matches(FlowLog flowLog, String roleArn) {
    return vc.spec().flowLogs().trafficType().name().equals(flowLog.trafficTypeAsString())
        && logGroupName().equals(flowLog.logGroupName())
        && roleArn.equals(flowLog.deliverLogsPermissionArn())
        && (flowLog.logDestinationType() == null || flowLog.logDestinationType() == LogDestinationType.CLOUD_WATCH_LOGS);
  }

  void verify(String vpcId, List<String> differences) {
    String name = logGroupName();
    Optional<LogGroup> group = logGroup();
    if (group.isEmpty()) {
      differences.add("log group " + name + " is missing");
    } else if (!Objects.equals(group.get().retentionInDays(), vc.spec().flowLogs().retentionDays())) {
      differences.add("log group " + name + ": retention is "
          + (group.get().retentionInDays() == null ? "never expire" : group.get().retentionInDays() + " days")
          + ", expected " + vc.spec().flowLogs().retentionDays() + " days");
    }
    List<FlowLog> ours = ours(vpcId);
    if (ours.isEmpty()) {
      differences.add("flow log of VPC " + vpcId + " is missing");
      return;
    }
    String roleArn = roleArn();
    if (ours.stream().noneMatch(f -> matches(f, roleArn))) {
      FlowLog f = ours.get(0);
      differences.add("flow log " + f.flowLogId() + ": traffic " + f.trafficTypeAsString() + " to " + f.logGroupName()
          + " with role " + f.deliverLogsPermissionArn() + ", expected traffic " + vc.spec().flowLogs().trafficType()
          + " to " + name + " with role " + roleArn);
    }
  }

  /** Flow logs of the VPC tagged for this step, and the recorded one; the recorded one first. */
  private List<FlowLog> ours(String vpcId) {
    Optional<String> recorded = vc.recorded(CHECKPOINT);
    List<FlowLog> result = new ArrayList<>();
    vc.ec2().describeFlowLogsPaginator(b -> b.filter(VpcContext.filter("resource-id", vpcId))).flowLogs()
        .forEach(f -> {
          boolean isRecorded = recorded.filter(f.flowLogId()::equals).isPresent();
          if (isRecorded) {
            result.add(0, f);
          } else if (vc.keyOf(f.tags()).filter(KEY::equals).isPresent()) {
            result.add(f);
          }
        });
    return result;
  }

  private Optional<LogGroup> logGroup() {
    String name = logGroupName();
    return vc.logs().describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().stream()
        .filter(g -> name.equals(g.logGroupName())).findFirst();
  }

  private static String arnOf(LogGroup group) {
    if (group.logGroupArn() != null) {
      return group.logGroupArn();
    }
    String arn = group.arn();
    return arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
  }

  private void delete(String flowLogId) {
    var response = vc.ec2().deleteFlowLogs(b -> b.flowLogIds(flowLogId));
    response.unsuccessful().stream().filter(u -> !u.error().code().endsWith(".NotFound")).findFirst()
        .ifPresent(u -> {
          throw new StepException("deleting flow log " + flowLogId + " failed: " + u.error().code() + ": "
              + u.error().message());
        });
    LOG.info("deleted flow log [step={}] [flowLogId={}]", VpcStep.ID, flowLogId);
  }

  /** Deletes the flow logs of this env and step, then the log group; not found is done. */
  void rollback() {
    Map<String, String> ids = new LinkedHashMap<>();
    vc.recorded(CHECKPOINT).ifPresent(id -> ids.put(id, CHECKPOINT));
    vc.ec2().describeFlowLogsPaginator(b -> b.filter(vc.ownedByStep())).flowLogs()
        .forEach(f -> ids.putIfAbsent(f.flowLogId(), KEY));
    for (String id : ids.keySet()) {
      try {
        delete(id);
      } catch (Ec2Exception e) {
        if (!AwsErrors.isNotFound(e)) {
          throw e;
        }
      }
    }
    vc.forget(CHECKPOINT);
    String name = vc.recorded(LOG_GROUP).orElse(logGroupName());
    try {
      vc.logs().deleteLogGroup(b -> b.logGroupName(name));
      LOG.info("deleted log group [step={}] [logGroup={}]", VpcStep.ID, name);
    } catch (CloudWatchLogsException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
    vc.forget(LOG_GROUP);
  }
}
