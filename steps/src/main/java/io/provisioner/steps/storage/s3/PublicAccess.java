package io.provisioner.steps.storage.s3;

import io.provisioner.steps.kernel.Setting;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/** The bucket's public access block: all four flags on. A bucket without one has them all off. */
final class PublicAccess implements Setting<LiveBucket> {

  @Override
  public List<String> differences(LiveBucket bucket) {
    return differences(bucket.ifSet("NoSuchPublicAccessBlockConfiguration",
            s3 -> s3.getPublicAccessBlock(b -> b.bucket(bucket.name())).publicAccessBlockConfiguration())
        .orElse(PublicAccessBlockConfiguration.builder().build()));
  }

  static List<String> differences(PublicAccessBlockConfiguration actual) {
    List<String> result = new ArrayList<>();
    flag(result, "BlockPublicAcls", actual.blockPublicAcls());
    flag(result, "IgnorePublicAcls", actual.ignorePublicAcls());
    flag(result, "BlockPublicPolicy", actual.blockPublicPolicy());
    flag(result, "RestrictPublicBuckets", actual.restrictPublicBuckets());
    return result;
  }

  private static void flag(List<String> result, String name, Boolean value) {
    if (!Boolean.TRUE.equals(value)) {
      result.add("public access block " + name + " is false, expected true");
    }
  }

  @Override
  public void apply(LiveBucket bucket) {
    bucket.s3().putPublicAccessBlock(b -> b.bucket(bucket.name())
        .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true)
            .blockPublicPolicy(true).restrictPublicBuckets(true)));
  }
}
