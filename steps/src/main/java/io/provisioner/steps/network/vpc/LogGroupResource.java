package io.provisioner.steps.network.vpc;

import io.provisioner.steps.kernel.Await;
import io.provisioner.steps.kernel.ErrorCodes;
import io.provisioner.steps.kernel.Resource;
import io.provisioner.steps.kernel.Setting;
import io.provisioner.steps.kernel.Tags;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/**
 * The CloudWatch log group the flow log delivers to, {@code /<project>/<env>/vpc-flow-logs}, with
 * the spec's retention. Its name is its id (checkpoint {@code logGroup}).
 */
final class LogGroupResource implements Resource<LogGroup> {
  private static final ErrorCodes ERRORS = ErrorCodes.notFound("ResourceNotFoundException")
      .alreadyExists("ResourceAlreadyExistsException").notYetVisible("ResourceNotFoundException");

  private final Network net;
  private final CloudWatchLogsClient logs;
  private final String name;
  private final int retentionDays;

  LogGroupResource(Network net) {
    this.net = net;
    this.logs = net.ctx.clients().get(CloudWatchLogsClient.class);
    this.name = "/" + net.ctx.project() + "/" + net.ctx.env() + "/vpc-flow-logs";
    this.retentionDays = net.spec.flowLogs().retentionDays();
  }

  String name() {
    return name;
  }

  @Override
  public String key() {
    return "logGroup";
  }

  @Override
  public String description() {
    return "log group " + name;
  }

  @Override
  public ErrorCodes errors() {
    return ERRORS;
  }

  @Override
  public Optional<LogGroup> read(String id) {
    return logs.describeLogGroups(b -> b.logGroupNamePrefix(id)).logGroups().stream()
        .filter(g -> id.equals(g.logGroupName())).findFirst();
  }

  @Override
  public Optional<LogGroup> lookup() {
    return read(name);
  }

  /** CreateLogGroup answers nothing: the group is read back once it is visible. */
  @Override
  public LogGroup create() {
    logs.createLogGroup(b -> b.logGroupName(name).tags(net.tags(key(), "vpc-flow-logs")));
    return Await.until(net.ctx.waits(), description() + " to be visible", this::lookup, Optional::isPresent).get();
  }

  @Override
  public String id(LogGroup group) {
    return group.logGroupName();
  }

  @Override
  public List<Setting<LogGroup>> settings() {
    return List.of(
        Setting.of("retention", g -> g.retentionInDays() == null ? "never expire" : g.retentionInDays() + " days",
            retentionDays + " days", (g, days) -> logs.putRetentionPolicy(b -> b.logGroupName(name)
                .retentionInDays(retentionDays))),
        Tags.setting(net.tags(key(), "vpc-flow-logs"), g -> logs.listTagsForResource(b -> b.resourceArn(arn(g)))
            .tags(), (g, missing) -> logs.tagResource(b -> b.resourceArn(arn(g)).tags(missing))));
  }

  /** The group's ARN without the {@code :*} that {@code arn} ends with, as the tagging calls want it. */
  private static String arn(LogGroup group) {
    String arn = group.logGroupArn() != null ? group.logGroupArn() : group.arn();
    return arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
  }

  @Override
  public void delete(LogGroup group) {
    logs.deleteLogGroup(b -> b.logGroupName(group.logGroupName()));
  }
}
