package io.provisioner.steps.storage.s3;

/**
 * One bucket of the step by name.
 *
 * @param key the logical key: the application bucket's suffix, or {@value S3Spec#ACCESS_LOGS}; used
 *     in tags ({@code provisioner:key}) and output keys ({@code bucket.<key>.name})
 * @param field where its name comes from, named in errors: the spec field of its suffix (e.g. {@code
 *     buckets[0].suffix}), or a description for the access-log bucket and for recorded buckets
 * @param name the physical bucket name
 * @param arn the bucket's ARN
 */
record BucketId(String key, String field, String name, String arn) {

  static final String PREFIX = "bucket.";
  static final String NAME_SUFFIX = ".name";
  static final String ARN_SUFFIX = ".arn";

  /**
   * What the operator changes to get another name: the spec field of the suffix and the project or
   * environment name; for the access-log bucket, whose suffix is fixed, only the latter.
   */
  String whatToChange() {
    return field.endsWith(".suffix") ? field + " (or the project or environment name)" : "the project or environment name";
  }

  /** Output and checkpoint key of the name: {@code bucket.<key>.name}. */
  String nameOutput() {
    return PREFIX + key + NAME_SUFFIX;
  }

  /** Output and checkpoint key of the ARN: {@code bucket.<key>.arn}. */
  String arnOutput() {
    return PREFIX + key + ARN_SUFFIX;
  }

  @Override
  public String toString() {
    return name;
  }
}
