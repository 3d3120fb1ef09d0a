package io.provisioner.steps.storage.s3;

import io.provisioner.steps.StepException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * Physical bucket names, {@code <project>-<env>-<suffix>-<accountId>-<region>}: globally unique
 * because account and region are part of them, and the same on every run, so a resume finds what a
 * crashed run made. The S3 naming rules are checked here, when the account id is known.
 */
final class BucketName {
  /** One hyphen-separated part: lowercase letters, digits and hyphens, a letter or digit at both ends. */
  private static final Pattern PART = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
  private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
  static final int MAX_LENGTH = 63;

  private BucketName() {}

  /** True when {@code part} may be one part of a bucket name. */
  static boolean isValidPart(String part) {
    return part != null && PART.matcher(part).matches();
  }

  /**
   * The bucket's name.
   *
   * @param field the spec field of the suffix, named in the error, e.g. {@code buckets[0].suffix}; for a
   *     fixed suffix, a description of the bucket
   * @throws StepException naming the field when the name breaks an S3 naming rule
   */
  static String of(String project, String env, String suffix, String field, String accountId, String region) {
    String name = String.join("-", project, env, suffix, accountId, region);
    List<String> problems = new ArrayList<>();
    if (!isValidPart(project)) {
      problems.add("the project name \"" + project + "\" must be lowercase letters, digits and hyphens");
    }
    if (!isValidPart(env)) {
      problems.add("the environment name \"" + env + "\" must be lowercase letters, digits and hyphens");
    }
    if (!isValidPart(suffix)) {
      problems.add(field + " \"" + suffix + "\" must be lowercase letters, digits and hyphens");
    }
    if (name.length() > MAX_LENGTH) {
      problems.add("it is " + name.length() + " characters and S3 allows " + MAX_LENGTH + ": shorten "
          + (field.endsWith(".suffix") ? field + " (or the project or environment name)" : "the project or environment name")
          + " by at least " + (name.length() - MAX_LENGTH));
    }
    for (String prefix : RESERVED_PREFIXES) {
      if (name.startsWith(prefix)) {
        problems.add("names starting with \"" + prefix + "\" are reserved by S3: change the project name");
      }
    }
    if (!problems.isEmpty()) {
      throw new StepException("bucket name \"" + name + "\" for " + field + " is not a valid S3 bucket name: "
          + String.join("; ", problems));
    }
    return name;
  }

  /** The bucket's ARN, e.g. {@code arn:aws:s3:::name}. */
  static String arn(String name, String region) {
    return "arn:" + partitionOf(region) + ":s3:::" + name;
  }

  /** The partition of a region: {@code aws}, {@code aws-cn}, {@code aws-us-gov}... */
  static String partitionOf(String region) {
    PartitionMetadata partition = PartitionMetadata.of(Region.of(region));
    return partition == null ? "aws" : partition.id();
  }
}
