package io.provisioner.steps.data.rds;

import java.util.Arrays;

/** PostgreSQL engine versions ({@code 15.4}, {@code 16.1}...) compared part by part, as numbers. */
final class EngineVersions {
  private EngineVersions() {}

  /** The major version: the first part, e.g. {@code 15} for {@code 15.4}. */
  static String major(String version) {
    return version == null ? "" : version.split("\\.", 2)[0];
  }

  /** Negative, zero or positive as {@code a} is older than, the same as or newer than {@code b}; a missing version is the oldest. */
  static int compare(String a, String b) {
    return Arrays.compare(parts(a), parts(b));
  }

  /** A part that is not a number counts as 0. */
  private static long[] parts(String version) {
    return version == null ? new long[0] : Arrays.stream(version.split("\\."))
        .mapToLong(p -> p.matches("[0-9]{1,18}") ? Long.parseLong(p) : 0).toArray();
  }
}
