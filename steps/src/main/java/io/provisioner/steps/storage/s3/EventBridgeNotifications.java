package io.provisioner.steps.storage.s3;

import io.provisioner.steps.kernel.Setting;
import java.util.List;
import software.amazon.awssdk.services.s3.model.EventBridgeConfiguration;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;

/**
 * Whether the bucket sends its events to Amazon EventBridge. Only the EventBridge part of the
 * notification configuration belongs to this step: topic, queue and Lambda notifications that
 * others configured are put back unchanged (the API replaces the whole configuration).
 */
final class EventBridgeNotifications implements Setting<LiveBucket> {
  private final boolean enabled;

  EventBridgeNotifications(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public List<String> differences(LiveBucket bucket) {
    return differences(read(bucket));
  }

  List<String> differences(GetBucketNotificationConfigurationResponse actual) {
    boolean on = actual.eventBridgeConfiguration() != null;
    if (on == enabled) {
      return List.of();
    }
    return List.of("EventBridge notifications are " + (on ? "on" : "off") + ", expected " + (enabled ? "on" : "off"));
  }

  @Override
  public void apply(LiveBucket bucket) {
    GetBucketNotificationConfigurationResponse current = read(bucket);
    bucket.s3().putBucketNotificationConfiguration(b -> b.bucket(bucket.name()).notificationConfiguration(n -> n
        .topicConfigurations(current.topicConfigurations())
        .queueConfigurations(current.queueConfigurations())
        .lambdaFunctionConfigurations(current.lambdaFunctionConfigurations())
        .eventBridgeConfiguration(enabled ? EventBridgeConfiguration.builder().build() : null)));
  }

  private static GetBucketNotificationConfigurationResponse read(LiveBucket bucket) {
    return bucket.s3().getBucketNotificationConfiguration(b -> b.bucket(bucket.name()));
  }
}
